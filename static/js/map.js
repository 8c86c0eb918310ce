/* Controls for the advances maps. The map's first view is drawn at build time (SVG); the controls are
 * made at once from the figure's meta (a <script type="application/json"> block beside it), and the
 * first use of one asks figures.js for plotly ("figure:activate"), then applies itself once plotly has
 * drawn ("figure:drawn"); a citable address (#date=...) asks for plotly at once.
 * A day control (range input, previous/next, play) steps through the figure's frames, one a day;
 * the key doubles as filters (who holds or claims, how sure); an area switch zooms out to all of
 * Syria. On the citable map the day, area and filters live in the address (#date=2024-11-30...),
 * read on load, so a reader can link to the map as of a given day; the page's "Cite this map" block
 * follows the view shown (its address and the day in its title). Selecting a mark opens the
 * place's page. Without JavaScript none of this is needed: the figure's table has every day. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  // The words the controls show, in the page's language: the page writes them on this script's
  // element (data-words, from the interface's catalog), so this file holds none a reader sees.
  var me = document.currentScript;
  var WORDS = JSON.parse((me && me.getAttribute("data-words")) || "{}");
  function word(key) { return WORDS[key] || key; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function symbolIcon(symbol, colour) {
    // The same shapes plotly draws, small, so the key reads like the map.
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "map-key-icon");
    var shape;
    if (symbol === "area") {
      // an approximate position: a shaded circle with a dotted edge, as the map draws it
      shape = document.createElementNS(SVG, "circle");
      [["cx", 8], ["cy", 8], ["r", 6.5], ["fill", colour], ["fill-opacity", "0.18"], ["stroke", colour],
       ["stroke-width", "1.2"], ["stroke-dasharray", "2 2"]].forEach(function (a) { shape.setAttribute(a[0], a[1]); });
      svg.appendChild(shape);
      shape = document.createElementNS(SVG, "circle");
      [["cx", 8], ["cy", 8], ["r", 2.2], ["fill", colour]].forEach(function (a) { shape.setAttribute(a[0], a[1]); });
    } else if (symbol === "swatch") {
      shape = document.createElementNS(SVG, "rect");
      [["x", 1], ["y", 3], ["width", 14], ["height", 10], ["rx", 2], ["fill", colour]].forEach(function (a) { shape.setAttribute(a[0], a[1]); });
    } else if (symbol === "x") {
      shape = document.createElementNS(SVG, "path");
      shape.setAttribute("d", "M3 3 L13 13 M13 3 L3 13");
      shape.setAttribute("stroke", colour);
      shape.setAttribute("stroke-width", "3");
    } else {
      shape = document.createElementNS(SVG, "path");
      var d = symbol.indexOf("diamond") === 0 ? "M8 1.5 L14.5 8 L8 14.5 L1.5 8 Z"
        : symbol.indexOf("triangle") === 0 ? "M8 2 L14 13.5 L2 13.5 Z"
        : "M8 2.5 A5.5 5.5 0 1 1 7.99 2.5 Z";
      shape.setAttribute("d", d);
      var open = symbol.indexOf("open") !== -1;
      shape.setAttribute("fill", open ? "none" : colour);
      shape.setAttribute("stroke", colour);
      shape.setAttribute("stroke-width", open ? "2.4" : "1");
      if (symbol.indexOf("-dot") !== -1) {
        // plotly's '-dot' symbols: a dot in the middle (a day not known exactly)
        svg.appendChild(shape);
        shape = document.createElementNS(SVG, "circle");
        [["cx", 8], ["cy", 8], ["r", 1.6], ["fill", colour]].forEach(function (a) { shape.setAttribute(a[0], a[1]); });
      }
    }
    svg.appendChild(shape);
    return svg;
  }

  function parseHash() {
    var state = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var pair = part.split("=");
      if (pair[0]) state[decodeURIComponent(pair[0])] = decodeURIComponent(pair[1] || "");
    });
    return state;
  }

  // Mercator: the map's box is stretched to the canvas's shape (wider on a desktop, taller on a
  // phone) around the same centre, so the map fills its frame instead of floating in it.
  function mercY(lat) { return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)); }
  function mercLat(y) { return (2 * Math.atan(Math.exp(y)) - Math.PI / 2) * 180 / Math.PI; }

  function fitted(box, canvas) {
    var width = canvas.clientWidth, height = canvas.clientHeight;
    if (!width || !height) return box;
    var x0 = box.lon[0] * Math.PI / 180, x1 = box.lon[1] * Math.PI / 180;
    var y0 = mercY(box.lat[0]), y1 = mercY(box.lat[1]);
    var want = width / height, have = (x1 - x0) / (y1 - y0);
    if (want > have) {
      var half = want * (y1 - y0) / 2, cx = (x0 + x1) / 2;
      return { lon: [(cx - half) * 180 / Math.PI, (cx + half) * 180 / Math.PI], lat: box.lat.slice() };
    }
    var halfY = (x1 - x0) / want / 2, cy = (y0 + y1) / 2;
    return { lon: box.lon.slice(), lat: [mercLat(cy - halfY), mercLat(cy + halfY)] };
  }

  function boxOf(layout) {
    var geo = layout.geo || {};
    return { lon: geo.lonaxis.range.slice(), lat: geo.lataxis.range.slice() };
  }

  function wantedView(spec) {
    var meta = spec.meta || {};
    var wanted = meta.timeline && meta.timeline.citable ? parseHash().view : null;
    return wanted && meta.views && meta.views[wanted] ? wanted : meta.view;
  }

  function setUp(figure, meta, canvas) {
    var src = new URL(figure.getAttribute("data-figure-src"), document.baseURI).href;
    var timeline = meta.timeline;
    var citable = !!(timeline && timeline.citable);
    var views = meta.views || {};
    var viewIds = Object.keys(views);
    var state = { day: timeline ? timeline.start : 0, view: wantedView({ meta: meta }), sides: null, marks: null };
    var home = views[state.view];
    var controls = el("div", { "class": "map-controls" });
    var key = el("div", { "class": "map-key" });
    var range, output, summary, playButton, timer = null, permalink;
    var Plotly = null;       // set once plotly has drawn the map

    // Before plotly has drawn: ask for it; what the control changed is applied once it has (bind).
    function drawn() {
      if (Plotly) return true;
      figure.dispatchEvent(new CustomEvent("figure:activate", { bubbles: true }));
      return false;
    }

    // --- the day ---------------------------------------------------------------------------
    function showDay(index, write) {
      index = Math.max(0, Math.min(timeline.days.length - 1, index));
      state.day = index;
      range.value = String(index);
      range.setAttribute("aria-valuetext", timeline.labels[index]);
      output.textContent = timeline.labels[index];
      summary.textContent = timeline.summaries[index];
      figure.setAttribute("data-day-pending", timeline.days[index]);
      if (write) writeHash();
      if (!drawn()) return;
      Plotly.animate(canvas, [timeline.days[index]], {
        mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 }
      }).then(function () {
        if (figure.getAttribute("data-day-pending") === timeline.days[index]) figure.setAttribute("data-day", timeline.days[index]);
      });
    }

    function stop() {
      if (timer) { clearInterval(timer); timer = null; }
      if (playButton) { playButton.setAttribute("aria-pressed", "false"); playButton.textContent = word("play"); }
    }

    function play() {
      if (timer) return stop();
      if (state.day >= timeline.days.length - 1) showDay(0, true);
      playButton.setAttribute("aria-pressed", "true");
      playButton.textContent = word("pause");
      timer = setInterval(function () {
        if (state.day >= timeline.days.length - 1) return stop();
        showDay(state.day + 1, true);
      }, 1300);
    }

    if (timeline && timeline.days.length > 1) {
      // Direction: nothing here is placed by left or right. The range input, its ticks (a flex row)
      // and the buttons run from the start side, so right to left in an Arabic page, and the browser
      // maps ArrowLeft and ArrowRight to what it draws (ArrowLeft is the later day there). "‹" and "›"
      // are mirrored glyphs (Unicode Bidi_Mirrored): in a right-to-left line each points the other
      // way, so "Previous" still points back. tests/browser/test_rtl_layout.py holds all of this.
      var rangeId = figure.id + "-day";
      range = el("input", { type: "range", id: rangeId, min: "0", max: String(timeline.days.length - 1), step: "1",
                            value: String(state.day), "class": "map-day-range" });
      output = el("output", { "class": "map-date", "for": rangeId });
      summary = el("p", { "class": "map-summary", "aria-live": "polite" });
      var previous = el("button", { type: "button", "class": "button map-step", "aria-label": word("previous"), text: "‹" });
      var next = el("button", { type: "button", "class": "button map-step", "aria-label": word("next"), text: "›" });
      playButton = el("button", { type: "button", "class": "button map-play", "aria-pressed": "false", text: word("play") });
      range.addEventListener("input", function () { stop(); showDay(Number(range.value), true); });
      previous.addEventListener("click", function () { stop(); showDay(state.day - 1, true); });
      next.addEventListener("click", function () { stop(); showDay(state.day + 1, true); });
      playButton.addEventListener("click", play);
      var ticks = el("div", { "class": "map-day-ticks", "aria-hidden": "true" }, timeline.ticks.map(function (tick) {
        return el("span", { text: tick });   // written by the build, as every date the site shows
      }));
      controls.appendChild(el("div", { "class": "map-day" }, [
        el("label", { "for": rangeId, "class": "map-day-label", text: word("day") }), previous,
        el("div", { "class": "map-day-slider" }, [range, ticks]), next, playButton, output]));
      controls.appendChild(summary);
    }

    // --- the area --------------------------------------------------------------------------
    var viewButtons = {};
    function showView(id, write) {
      if (!views[id]) return;
      state.view = id;
      figure.setAttribute("data-view", id);
      viewIds.forEach(function (v) { viewButtons[v] && viewButtons[v].setAttribute("aria-pressed", String(v === id)); });
      if (write) writeHash();
      if (!drawn()) return;
      var box = fitted(views[id], canvas);
      Plotly.relayout(canvas, { "geo.lonaxis.range": box.lon, "geo.lataxis.range": box.lat });
      if (meta.detail_labels !== undefined) Plotly.restyle(canvas, { visible: !!views[id].detail }, [meta.detail_labels]);
      // the marks' traces show their names or not; the areas under them are lines, always
      var dataTraces = (meta.traces || []).map(function (t, i) { return t && !t.area ? i : -1; }).filter(function (i) { return i >= 0; });
      if (dataTraces.length) Plotly.restyle(canvas, { mode: views[id].labels === false ? "markers" : "markers+text" }, dataTraces);
    }
    if (viewIds.length > 1) {
      controls.appendChild(el("div", { "class": "map-views", role: "group", "aria-label": word("area") },
        viewIds.map(function (id) {
          var button = el("button", { type: "button", "class": "button", "aria-pressed": String(id === state.view), text: views[id].title });
          button.addEventListener("click", function () { showView(id, true); });
          viewButtons[id] = button;
          return button;
        })));
    }

    // --- the key, which filters -------------------------------------------------------------
    var boxes = { side: [], mark: [] };
    function checked(kind) {
      return boxes[kind].filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    }
    function applyFilters(write) {
      if (write) writeHash();
      if (!drawn()) return;
      var sides = checked("side"), marks = checked("mark");
      var indices = [], visible = [];
      (meta.traces || []).forEach(function (trace, index) {
        if (!trace) return;
        indices.push(index);
        visible.push(sides.indexOf(trace.side) !== -1 && marks.indexOf(trace.mark) !== -1);
      });
      if (indices.length) Plotly.restyle(canvas, { visible: visible }, indices);
    }
    function group(kind, legend, items) {
      return el("fieldset", { "class": "map-key-group" }, [el("legend", { text: legend })].concat(items.map(function (item) {
        var box = el("input", { type: "checkbox", value: item.id, checked: "checked" });
        box.addEventListener("change", function () { applyFilters(true); });
        boxes[kind].push(box);
        var label = el("label", { "class": "map-key-item" }, [box]);
        label.appendChild(symbolIcon(kind === "side" ? "swatch" : item.symbol, kind === "side" ? item.colour : "currentColor"));
        label.appendChild(document.createTextNode(" " + item.title));
        return label;
      })));
    }
    if (meta.sides && meta.sides.length) key.appendChild(group("side", word("sides"), meta.sides));
    if (meta.marks && meta.marks.length) key.appendChild(group("mark", word("marks"), meta.marks));
    if (meta.notes && meta.notes.length) {
      // how the map draws what is not known exactly: read, not filtered (the areas follow their marks)
      key.appendChild(el("div", { "class": "map-key-group map-key-notes" }, [el("p", { "class": "map-key-title", text: word("unsure") })]
        .concat(meta.notes.map(function (item) {
          var line = el("p", { "class": "map-key-item" });
          line.appendChild(symbolIcon(item.symbol, "currentColor"));
          line.appendChild(document.createTextNode(" " + item.title));
          return line;
        }))));
    }

    // --- the address ------------------------------------------------------------------------
    function hashText() {
      var parts = [];
      if (timeline) parts.push("date=" + timeline.days[state.day]);
      if (state.view && state.view !== meta.view) parts.push("view=" + state.view);
      var sides = checked("side"), marks = checked("mark");
      if (sides.length !== boxes.side.length) parts.push("side=" + sides.join(","));
      if (marks.length !== boxes.mark.length) parts.push("status=" + marks.join(","));
      return "#" + parts.join("&");
    }
    function writeHash() {
      var text = hashText();
      if (permalink) permalink.setAttribute("href", text);
      if (citable && location.hash !== text) history.replaceState(null, "", text);
      cite();
    }
    // The page's "Cite this map" block (templates/cite.html) cites the as-of view, as built; here it
    // follows the view shown: its address gets this view's #date=..., its title the day's name.
    var citeBlock = citable ? document.querySelector("details.cite[data-cite-url]") : null;
    function cite() {
      if (!citeBlock || !timeline) return;
      var address = citeBlock.getAttribute("data-cite-url") + hashText();
      var link = citeBlock.querySelector("a.cite-url");
      var title = citeBlock.querySelector(".cite-title");
      if (link) { link.setAttribute("href", address); link.textContent = address; }
      if (title) title.textContent = citeBlock.getAttribute("data-cite-title").replace("{day}", timeline.labels[state.day]);
    }
    function readHash() {
      var wanted = parseHash();
      if (wanted.side !== undefined || wanted.status !== undefined) {
        var sides = wanted.side !== undefined ? wanted.side.split(",") : null;
        var marks = wanted.status !== undefined ? wanted.status.split(",") : null;
        boxes.side.forEach(function (b) { b.checked = !sides || sides.indexOf(b.value) !== -1; });
        boxes.mark.forEach(function (b) { b.checked = !marks || marks.indexOf(b.value) !== -1; });
        applyFilters(false);
      }
      if (wanted.view && views[wanted.view]) showView(wanted.view, false);
      if (timeline && wanted.date) {
        var index = timeline.days.indexOf(wanted.date);
        if (index !== -1) showDay(index, false);
      }
      cite();
    }
    if (citable) {
      permalink = el("a", { "class": "map-permalink", href: "#" , text: word("link") });
      key.appendChild(permalink);
    }

    if (controls.childNodes.length) figure.insertBefore(controls, canvas);
    if (key.childNodes.length) canvas.parentNode.insertBefore(key, canvas.nextSibling);
    if (timeline && range) {
      output.textContent = timeline.labels[state.day];
      summary.textContent = timeline.summaries[state.day];
      figure.setAttribute("data-day", timeline.days[state.day]);
    }
    if (citable) {
      readHash();
      permalink.setAttribute("href", hashText());
      window.addEventListener("hashchange", readHash);
    }
    var resizing = null;
    window.addEventListener("resize", function () {
      if (!Plotly) return;       // the first view (SVG) fits itself
      clearTimeout(resizing);
      resizing = setTimeout(function () {
        var box = fitted(views[state.view] || home || boxOf(canvas.layout), canvas);
        Plotly.relayout(canvas, { "geo.lonaxis.range": box.lon, "geo.lataxis.range": box.lat });
      }, 250);
    });
    figure.setAttribute("data-controls", "ready");

    // plotly has drawn the first view: from now on the controls drive it; apply what they changed.
    return function bind() {
      Plotly = window.Plotly;
      canvas.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        if (point && point.customdata && point.customdata[1]) location.href = new URL(point.customdata[1], src).href;
      });
      if (boxes.side.some(function (b) { return !b.checked; }) || boxes.mark.some(function (b) { return !b.checked; })) applyFilters(false);
      if (state.view !== meta.view) showView(state.view, false);
      if (timeline && range) showDay(state.day, false);
    };
  }

  var binders = {};
  document.addEventListener("figure:beforedraw", function (event) {
    var detail = event.detail || {};
    if (!event.target.classList.contains("chart-map") || !detail.layout || !detail.layout.geo) return;
    var meta = detail.spec.meta || {};
    var view = event.target.getAttribute("data-view") || wantedView(detail.spec);
    var box = fitted(meta.views && meta.views[view] ? meta.views[view] : boxOf(detail.layout), detail.canvas);
    detail.layout.geo.lonaxis.range = box.lon;
    detail.layout.geo.lataxis.range = box.lat;
  });

  document.addEventListener("figure:drawn", function (event) {
    var bind = binders[event.target.id];
    if (bind) bind();
  });

  Array.prototype.forEach.call(document.querySelectorAll("figure.chart-map[data-figure-src]"), function (figure) {
    var block = figure.querySelector("script.figure-meta");
    var canvas = figure.querySelector(".chart-canvas");
    if (!block || !canvas) return;
    binders[figure.id] = setUp(figure, JSON.parse(block.textContent), canvas);
  });
})();
