/* The search page: Pagefind's own UI, started from a file (no inline script), with ?q= from the
 * search form that every page carries, so a search typed anywhere lands here with its results.
 *
 * The index comes in shards (briefing/output/search.py): the primary bundle in pagefind/, and
 * each other shard in pagefind/<name>/, named by pagefind/shards.js (loaded before this file).
 * Pagefind's mergeIndex searches them all as one: one result list, ordered by each result's
 * score (https://pagefind.app/docs/multisite/). The merged bundles are given as paths from the
 * site's root, as the primary's is resolved. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || !window.PagefindUI) return;
  var bundle = new URL(box.getAttribute("data-bundle"), window.location.href).pathname;
  var shards = window.briefingSearchShards || [];
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    mergeIndex: shards.map(function (name) { return { bundlePath: bundle + name + "/" }; }),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    // Pagefind's own words follow the page's lang; ours come from the page, in its language
    translations: { placeholder: box.getAttribute("data-placeholder") || "" }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
