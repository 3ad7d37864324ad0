// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // A form with errors: its error summary takes focus, so a screen reader reads it first and the
  // keyboard starts there (autofocus on the summary does the same where this file does not run).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // A link in the summary focuses its field and shows the field's label or legend with it.
  document.querySelectorAll("[data-error-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("data-error-link"));
      if (!field) { return; }
      event.preventDefault();
      var group = field.closest("fieldset, .utrecht-form-field");
      (group || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  });
  // The main menu folds behind a button on a narrow screen (voroc.css); without this script it
  // simply stays open.
  document.querySelectorAll("[data-menu]").forEach(function (header) {
    var button = header.querySelector(".menu-button");
    if (!button) { return; }
    header.classList.add("menu-js");
    button.hidden = false;
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and returns focus to its button.
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  });
  // Ask before destructive actions marked with data-confirm.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
