// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
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
