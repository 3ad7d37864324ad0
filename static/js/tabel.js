// After htmx swaps a list's result, the keyboard focus returns to the column header the user
// activated (the old link is gone with the old table). Loaded by templates/includes/tabel.html.
(function () {
  if (window.vorocTabel) return;
  window.vorocTabel = true;
  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!elt || !elt.dataset || !elt.dataset.sortKey) return;
    var selector = 'a[data-tabel="' + CSS.escape(elt.dataset.tabel) + '"][data-sort-key="' + CSS.escape(elt.dataset.sortKey) + '"]';
    var link = document.querySelector(selector);
    if (link) link.focus();
  });
})();
