/* The network page: a date control that swaps the figure for the network on that day (one JSON file a
 * key date, written by the build) and shows only the relations holding then in the table; and a click
 * on an actor opens its page. figures.js draws the figure; this only reacts to it. No inline script:
 * the dates come from a <script type="application/json"> block. */
(function () {
  "use strict";
  var me = document.currentScript;
  var root = new URL((me && me.getAttribute("data-root")) || "./", document.baseURI);

  // Selecting an actor opens its page (the table links to the same pages, for keyboards).
  document.addEventListener("figure:drawn", function (event) {
    var canvas = event.detail && event.detail.canvas;
    if (!canvas || canvas.getAttribute("data-network-click") || !canvas.on) return;
    canvas.setAttribute("data-network-click", "1");
    canvas.on("plotly_click", function (data) {
      var point = data && data.points && data.points[0];
      var path = point && point.customdata;
      if (typeof path === "string" && /^actors\/[a-z0-9-]+\/$/.test(path)) window.location.href = new URL(path, root).href;
    });
  });

  var block = document.getElementById("network-dates");
  var control = document.querySelector("[data-network-dates]");
  if (!block || !control) return;
  var config = JSON.parse(block.textContent);
  var figure = document.getElementById(config.figure);
  var select = control.querySelector("select");
  var status = control.querySelector("[role=status]");
  if (!figure || !select) return;
  var folder = new URL(figure.getAttribute("data-figure-src"), document.baseURI);   // the figures' folder
  var rows = Array.prototype.slice.call(figure.querySelectorAll(".chart-data tbody tr"));
  var byValue = {};
  config.dates.forEach(function (day) { byValue[day.value] = day; });
  control.hidden = false;

  var pending = false;

  function redraw(src) {
    var Plotly = window.Plotly, canvas = figure.querySelector(".chart-canvas");
    var state = figure.getAttribute("data-state");
    if (state === "loading") { pending = true; return; }   // redraw once the first drawing is done
    if (!Plotly || state !== "drawn") {                     // not drawn yet: figures.js draws the new src
      figure.dispatchEvent(new CustomEvent("figure:activate", { bubbles: true }));
      return;
    }
    fetch(new URL(src, document.baseURI).href).then(function (r) {
      if (!r.ok) throw new Error(src + ": " + r.status);
      return r.json();
    }).then(function (spec) {
      var layout = spec.layout || {};
      // as figures.js drew the first: the page's text colour, the hover's size on a phone
      layout.font = canvas.layout.font;
      if (canvas.layout.hoverlabel) layout.hoverlabel = canvas.layout.hoverlabel;
      return Plotly.react(canvas, spec.data, layout, spec.config || {});
    }).then(function () {
      figure.setAttribute("data-shown", src);
      figure.dispatchEvent(new CustomEvent("network:redrawn", { bubbles: true }));
    }).catch(function (error) {
      if (window.console) console.warn("network not redrawn:", error.message);
    });
  }

  function caption(entry) {
    var text = figure.querySelector("figcaption");
    var title = document.createElement("strong");
    title.className = "chart-title";
    title.textContent = entry.title + ".";
    text.replaceChildren(title, " " + entry.caption);
  }

  function show(value) {
    var day = byValue[value];
    // Each date's drawing is a file beside the whole network's, named in the page's data.
    var src = new URL(day ? day.src : config.all.src, folder).href;
    caption(day || config.all);
    var active = {};
    (day ? day.rows : rows.map(function (_, i) { return i; })).forEach(function (i) { active[i] = true; });
    rows.forEach(function (row, i) { row.hidden = !active[i]; });
    status.textContent = day ? day.status : "";   // worded by the build, in the page's language
    figure.setAttribute("data-figure-src", src);
    figure.setAttribute("data-date", value || "");
    redraw(src);
  }

  select.addEventListener("change", function () { show(select.value); });
  // A date picked while the first drawing was loading: draw that date once it is done.
  figure.addEventListener("figure:drawn", function () {
    if (pending) { pending = false; redraw(figure.getAttribute("data-figure-src")); }
  });
  if (select.value) show(select.value);
})();
