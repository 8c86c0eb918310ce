// Live reload for `generate.py serve`. The dev server adds this script to the HTML it sends;
// it is never part of the built site. It listens to the server's events (same origin, so the
// site's Content-Security-Policy allows it), reloads the page after a successful rebuild and,
// after a failed one, shows the errors over the last good page.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = Number(script && script.getAttribute("data-generation"));
  var base = "/__briefing__/";
  var overlay = null;

  var styles = document.createElement("link");
  styles.rel = "stylesheet";
  styles.href = base + "live.css";
  document.head.appendChild(styles);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }  // text only: an error message is never HTML
    return node;
  }

  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function showErrors(errors) {
    hideErrors();
    overlay = element("section", "briefing-live-overlay");
    overlay.id = "briefing-live-overlay";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", "briefing-live-title");
    var box = element("div", "briefing-live-box");
    var count = errors.length + (errors.length === 1 ? " error" : " errors");
    var title = element("h2", "briefing-live-title", count + " in the content");
    title.id = "briefing-live-title";
    box.appendChild(title);
    box.appendChild(element("p", "briefing-live-note",
      "Below is the last good build. Fix the file and save: the page reloads by itself."));
    var list = element("ol", "briefing-live-errors");
    errors.forEach(function (error) {
      var item = element("li", "briefing-live-error");
      item.setAttribute("data-file", error.file);
      item.setAttribute("data-line", String(error.line));
      var where = error.line ? error.file + ":" + error.line : (error.file || "build");
      item.appendChild(element("code", "briefing-live-where", where));
      item.appendChild(element("span", "briefing-live-message", error.message));
      if (error.hint) { item.appendChild(element("span", "briefing-live-hint", error.hint)); }
      list.appendChild(item);
    });
    box.appendChild(list);
    var close = element("button", "briefing-live-close", "Hide");
    close.type = "button";
    close.addEventListener("click", hideErrors);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  function apply(state) {
    if (state.generation !== generation) {
      window.location.reload();  // a newer build than this page exists
    } else if (state.errors.length) {
      showErrors(state.errors);
    } else {
      hideErrors();
    }
  }

  var events = new EventSource(base + "events");
  ["hello", "reload", "error"].forEach(function (name) {
    events.addEventListener(name, function (event) { apply(JSON.parse(event.data)); });
  });
}());
