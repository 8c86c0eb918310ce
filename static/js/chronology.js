/* Filters the chronology by actor (or a whole side), kind of place and status, by hiding rows.
 * The form is hidden in the HTML and shown here: without JavaScript every event shows.
 * The filters go into the address (#actor=moc&status=claimed), so a filtered list can be linked. */
(function () {
  "use strict";
  var form = document.getElementById("chronology-filters");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".chronology-table tbody tr"));
  var days = Array.prototype.slice.call(document.querySelectorAll(".chronology-day"));
  var shown = form.querySelector("[data-shown]");
  var empty = document.querySelector(".filter-empty");
  var statuses = Array.prototype.slice.call(form.querySelectorAll("input[name=status]"));

  function current() {
    return {
      actor: form.elements.actor.value,
      kind: form.elements.kind.value,
      status: statuses.filter(function (b) { return b.checked; }).map(function (b) { return b.value; })
    };
  }

  function matches(row, f) {
    if (f.actor) {
      if (f.actor.indexOf("side:") === 0) {
        if (row.getAttribute("data-side") !== f.actor.slice(5)) return false;
      } else if (row.getAttribute("data-actor") !== f.actor) return false;
    }
    if (f.kind && row.getAttribute("data-kind") !== f.kind) return false;
    return f.status.indexOf(row.getAttribute("data-status")) !== -1;
  }

  function apply(write) {
    var f = current(), count = 0;
    rows.forEach(function (row) {
      var ok = matches(row, f);
      row.hidden = !ok;
      if (ok) count += 1;
    });
    days.forEach(function (day) {
      day.hidden = !day.querySelector("tbody tr:not([hidden])");
    });
    shown.textContent = String(count);
    if (empty) empty.hidden = count !== 0;
    if (write) {
      var parts = [];
      if (f.actor) parts.push("actor=" + encodeURIComponent(f.actor));
      if (f.kind) parts.push("kind=" + encodeURIComponent(f.kind));
      if (f.status.length !== statuses.length) parts.push("status=" + f.status.join(","));
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
    }
  }

  function readHash() {
    var wanted = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var pair = part.split("=");
      if (pair[0]) wanted[pair[0]] = decodeURIComponent(pair[1] || "");
    });
    if (!wanted.actor && !wanted.kind && wanted.status === undefined) return false;
    if (wanted.actor !== undefined) form.elements.actor.value = wanted.actor;
    if (wanted.kind !== undefined) form.elements.kind.value = wanted.kind;
    var list = wanted.status !== undefined ? wanted.status.split(",") : null;
    statuses.forEach(function (b) { b.checked = !list || list.indexOf(b.value) !== -1; });
    return true;
  }

  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  if (readHash()) apply(false);
  window.addEventListener("hashchange", function () { if (readHash()) apply(false); });
})();
