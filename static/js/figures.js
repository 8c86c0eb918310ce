/* Draws plotly figures when the reader turns to one.
 * Each figure's first view is drawn at build time as SVG (briefing/figures/svgplot.py) and shown at
 * once, with or without JavaScript. plotly.js (large) is fetched once, and only when the reader turns
 * to a figure: points at it, touches it, focuses it, or uses its controls (map.js and network.js send
 * "figure:activate"). plotly then draws over the SVG, unseen, in the same reserved height, and the SVG
 * is hidden once it has drawn: no flash, no jump. A figure without a first view is drawn as it nears
 * the viewport. Figure specs are JSON files shared between pages. Data attributes on this script's
 * own tag say where plotly.js is. No inline script needed. */
(function () {
  "use strict";
  document.documentElement.classList.add("figures-js");
  var me = document.currentScript;
  var plotlySrc = me && me.getAttribute("data-plotly");
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure[data-figure-src]"));
  if (!figures.length || !plotlySrc) return;

  // On paper a figure is its caption and its table: open the tables while printing.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details.chart-data"), function (d) {
      return !d.open;
    });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); });
  var plotlyPromise = null;

  function loadPlotly() {
    if (!plotlyPromise) {
      plotlyPromise = new Promise(function (resolve, reject) {
        if (window.Plotly) return resolve(window.Plotly);
        var script = document.createElement("script");
        script.src = plotlySrc;
        script.async = true;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { reject(new Error("could not load " + plotlySrc)); };
        document.head.appendChild(script);
      });
    }
    return plotlyPromise;
  }

  function themed(layout, figure, canvas) {
    var style = getComputedStyle(figure);
    layout.font = Object.assign({}, layout.font || {});
    if (!layout.font.color) layout.font.color = style.color;
    // On a phone: hover lines, at most 40 characters (briefing/figures/markup.py), at 12 px, and
    // legend entries, at most 36 (advance_chart.py), at 11 px and their group titles at 12, so that
    // each fits the plot of a 320 px screen (plotly cuts off what does not).
    if (canvas.clientWidth < 480) {
      layout.hoverlabel = Object.assign({}, layout.hoverlabel || {});
      layout.hoverlabel.font = Object.assign({}, layout.hoverlabel.font || {}, { size: 12 });
      if (layout.legend) {
        layout.legend = Object.assign({}, layout.legend);
        layout.legend.font = Object.assign({}, layout.legend.font || {}, { size: 11 });
        layout.legend.grouptitlefont = Object.assign({}, layout.legend.grouptitlefont || {}, { size: 12 });
      }
    }
    return layout;
  }

  function fitLegend(Plotly, canvas) {
    // A legend below the plot takes a row an entry on a phone, and plotly cuts it off at half the
    // figure's height: make the figure taller by what is missing, and let the legend have it.
    var layout = canvas.layout || {};
    var items = canvas.querySelector(".legend .scrollbox"), shown = canvas.querySelector(".legend .bg");
    if (!layout.legend || !layout.height || !items || !shown) return null;
    // the background is the entries' height and 10 to 14 px of padding when nothing is cut off
    var missing = Math.ceil(items.getBBox().height + 14 - Number(shown.getAttribute("height")));
    if (missing <= 4) return null;
    return Plotly.relayout(canvas, { height: layout.height + missing,
                                     "legend.maxheight": Number(shown.getAttribute("height")) + missing });
  }

  function resolveUrls(config, base) {
    // A figure JSON is shared by pages at different depths: relative URLs in it are relative to it.
    if (config && config.topojsonURL) config.topojsonURL = new URL(config.topojsonURL, base).href;
    return config;
  }

  function resolveTraceUrls(data, base) {
    // Choropleth layers may name their GeoJSON by URL, relative to the figure JSON too.
    (data || []).forEach(function (trace) {
      if (typeof trace.geojson === "string") trace.geojson = new URL(trace.geojson, base).href;
    });
    return data;
  }

  function cssColours(value, style) {
    // "var(--map-land)" in a spec means the page's current value of that custom property,
    // so one JSON file draws in the light and the dark theme alike.
    if (typeof value === "string") {
      var match = /^var\((--[\w-]+)\)$/.exec(value);
      return match ? (style.getPropertyValue(match[1]).trim() || "#888888") : value;
    }
    if (Array.isArray(value)) return value.map(function (item) { return cssColours(item, style); });
    if (value && typeof value === "object") {
      Object.keys(value).forEach(function (key) { value[key] = cssColours(value[key], style); });
    }
    return value;
  }

  function draw(figure) {
    if (figure.getAttribute("data-state")) return;
    figure.setAttribute("data-state", "loading");
    var src = new URL(figure.getAttribute("data-figure-src"), document.baseURI).href;
    var canvas = figure.querySelector(".chart-canvas");
    Promise.all([loadPlotly(), fetch(src).then(function (r) {
      if (!r.ok) throw new Error(src + ": " + r.status);
      return r.json();
    })]).then(function (results) {
      var Plotly = results[0], spec = results[1];
      var style = getComputedStyle(figure);
      ["data", "layout", "frames"].forEach(function (key) { if (spec[key]) spec[key] = cssColours(spec[key], style); });
      var layout = themed(spec.layout || {}, figure, canvas);
      resolveTraceUrls(spec.data, src);
      // Control scripts (map.js) may still adjust the layout to the canvas before the first draw.
      figure.dispatchEvent(new CustomEvent("figure:beforedraw", { bubbles: true, detail: { spec: spec, layout: layout, canvas: canvas } }));
      return Plotly.newPlot(canvas, spec.data, layout, resolveUrls(spec.config || {}, src)).then(function () {
        return fitLegend(Plotly, canvas);
      }).then(function () {
        if (spec.frames) return Plotly.addFrames(canvas, spec.frames);
      }).then(function () {
        figure.setAttribute("data-state", "drawn");
        figure.dispatchEvent(new CustomEvent("figure:drawn", { bubbles: true, detail: { spec: spec, canvas: canvas } }));
      });
    }).catch(function (error) {
      figure.setAttribute("data-state", "failed");
      if (window.console) console.warn("figure not drawn:", error.message);
    });
  }

  // A figure drawn at build time: plotly when the reader turns to it.
  var TURNS = ["pointerenter", "pointerdown", "touchstart", "focusin", "keydown"];
  function turnedTo(event) {
    var figure = event.currentTarget;
    if (event.type === "focusin" || event.type === "keydown") {
      // the data table is text: reading it needs no plotly
      if (event.target.closest && event.target.closest(".chart-data")) return;
    }
    TURNS.forEach(function (type) { figure.removeEventListener(type, turnedTo); });
    draw(figure);
  }
  document.addEventListener("figure:activate", function (event) {
    if (event.target.matches && event.target.matches("figure[data-figure-src]")) draw(event.target);
  });
  var later = figures.filter(function (figure) {
    if (!figure.classList.contains("chart-svg")) return true;
    TURNS.forEach(function (type) { figure.addEventListener(type, turnedTo, { passive: true }); });
    return false;
  });
  if (!later.length) return;
  if (!("IntersectionObserver" in window)) { later.forEach(draw); return; }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
    });
  }, { rootMargin: "600px 0px" });
  later.forEach(function (figure) { observer.observe(figure); });
})();
