/* The search page: Pagefind's own UI, started from a file (no inline script), with ?q= from the
 * search form that every page carries, so a search typed anywhere lands here with its results. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || !window.PagefindUI) return;
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "Search briefs, actors, places, sources" }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
