// The long doorstroomformulier: warn before leaving the page with changes that are not saved.
// Progressive enhancement only; the warning is off once the form is submitted.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-unsaved-warning]");
  if (!form) { return; }
  var status = form.querySelector("[data-unsaved-status]");
  var changed = false;
  function markChanged() {
    if (changed) { return; }
    changed = true;
    if (status) { status.textContent = "Er zijn wijzigingen die nog niet zijn opgeslagen."; }
  }
  form.addEventListener("input", markChanged);
  form.addEventListener("change", markChanged);
  form.addEventListener("submit", function () { changed = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!changed) { return; }
    // Browsers show their own text; setting returnValue is what asks them to.
    event.preventDefault();
    event.returnValue = "";
  });
});
