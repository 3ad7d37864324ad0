// Progressive enhancement for the mbo worklist: "select all on this page".
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".mbo-select-all").forEach(function (all) {
    all.addEventListener("change", function () {
      all.form.querySelectorAll("input[name=aanmelding]").forEach(function (box) { box.checked = all.checked; });
    });
  });
});
