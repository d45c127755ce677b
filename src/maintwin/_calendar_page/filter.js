// The subsystem filter: unchecking a subsystem hides everything of it (marked with
// data-subsystem) and the blackouts of it alone (data-scope, a JSON list: hidden when all of
// its subsystems are). The state lives in the address as #hide=A,B (each name URI-encoded),
// so a link opens the page filtered; without a script, everything is shown.
(function () {
  "use strict";
  var filter = document.getElementById("filter");
  var boxes = Array.prototype.slice.call(filter.querySelectorAll("input[type=checkbox]"));
  var state = document.getElementById("filter-state");

  function hiddenNames() {
    return boxes.filter(function (b) { return !b.checked; }).map(function (b) { return b.value; });
  }

  function apply() {
    var hidden = hiddenNames();
    var hides = function (name) { return hidden.indexOf(name) >= 0; };
    document.querySelectorAll("[data-subsystem]").forEach(function (el) {
      el.hidden = hides(el.getAttribute("data-subsystem"));
    });
    document.querySelectorAll("[data-scope]").forEach(function (el) {
      el.hidden = JSON.parse(el.getAttribute("data-scope")).every(hides);
    });
    var shown = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    state.textContent = hidden.length
      ? "Showing " + (shown.join(", ") || "no subsystem") + "; hidden: " + hidden.join(", ") + "."
      : "Showing every subsystem: " + shown.join(", ") + ".";
    return hidden;
  }

  function readAddress() {
    var found = /^#hide=(.*)$/.exec(window.location.hash);
    if (!found) { return false; }
    var names = [];
    found[1].split(",").forEach(function (part) {
      try { if (part) { names.push(decodeURIComponent(part)); } } catch (e) { /* not a name */ }
    });
    boxes.forEach(function (b) { b.checked = names.indexOf(b.value) < 0; });
    return true;
  }

  function writeAddress(hidden) {
    var hash = hidden.length ? "#hide=" + hidden.map(encodeURIComponent).join(",") : "";
    try {
      window.history.replaceState(null, "", window.location.pathname + window.location.search + hash);
    } catch (e) { /* an address that cannot change keeps the old one */ }
  }

  boxes.forEach(function (b) {
    b.addEventListener("change", function () { writeAddress(apply()); });
  });
  window.addEventListener("hashchange", function () { if (readAddress()) { apply(); } });
  filter.hidden = false;
  readAddress();
  apply();
})();
