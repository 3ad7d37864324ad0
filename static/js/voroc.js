// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
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
  // Submit a filter form when a select changes (no inline handlers: CSP forbids them).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (el) {
    el.addEventListener("change", function () { el.form.requestSubmit(); });
  });
  // Ask before destructive actions marked with data-confirm.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
