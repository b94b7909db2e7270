// The filter: every word must appear in an event's text as shown (date, title, actors, tags,
// summary, sources, links) or in its id or its actors' ids and aliases;
// pressed actor facets and pressed tag facets each keep events that have any of them. Facet
// counts follow what is shown. `?q=words&actor=id&tag=name` fills the filter on load.
(function () {
  "use strict";
  var box = document.getElementById("q");
  var shown = document.getElementById("shown");
  var events = Array.prototype.slice.call(document.querySelectorAll("article.event"));
  var facets = Array.prototype.slice.call(document.querySelectorAll("button.facet"));
  var months = Array.prototype.slice.call(document.querySelectorAll("section.month"));
  var dots = {};
  Array.prototype.forEach.call(document.querySelectorAll("#lanes a[data-dot]"), function (a) {
    dots[a.getAttribute("data-dot")] = a;
  });
  var data = events.map(function (e) {
    return {
      node: e,
      text: (e.textContent + " " + (e.getAttribute("data-text") || "")).toLowerCase(),
      actor: JSON.parse(e.getAttribute("data-actors") || "[]"),
      tag: JSON.parse(e.getAttribute("data-tags") || "[]")
    };
  });
  function pressed(kind) {
    return facets.filter(function (f) {
      return f.getAttribute("data-kind") === kind && f.getAttribute("aria-pressed") === "true";
    }).map(function (f) { return f.getAttribute("data-key"); });
  }
  function anyOf(wanted, have) {
    return wanted.length === 0 || wanted.some(function (w) { return have.indexOf(w) >= 0; });
  }
  function apply() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var actors = pressed("actor"), tags = pressed("tag");
    var counts = { actor: {}, tag: {} };
    var n = 0;
    data.forEach(function (d) {
      var ok = words.every(function (w) { return d.text.indexOf(w) >= 0; }) &&
        anyOf(actors, d.actor) && anyOf(tags, d.tag);
      d.node.hidden = !ok;
      var dot = dots[d.node.id];
      if (dot) { dot.setAttribute("class", ok ? "" : "off"); }
      if (ok) {
        n += 1;
        d.actor.forEach(function (a) { counts.actor[a] = (counts.actor[a] || 0) + 1; });
        d.tag.forEach(function (t) { counts.tag[t] = (counts.tag[t] || 0) + 1; });
      }
    });
    facets.forEach(function (f) {
      var c = counts[f.getAttribute("data-kind")][f.getAttribute("data-key")] || 0;
      f.querySelector(".n").textContent = String(c);
      f.hidden = c === 0 && f.getAttribute("aria-pressed") !== "true";
    });
    months.forEach(function (m) {
      m.hidden = !m.querySelector("article.event:not([hidden])");
    });
    shown.textContent = n === data.length ? n + (n === 1 ? " event" : " events") :
      n + " of " + data.length + " events";
  }
  facets.forEach(function (f) {
    f.addEventListener("click", function () {
      var on = f.getAttribute("aria-pressed") === "true";
      f.setAttribute("aria-pressed", on ? "false" : "true");
      apply();
    });
  });
  box.addEventListener("input", apply);
  var params = new URLSearchParams(window.location.search);
  box.value = params.get("q") || "";
  ["actor", "tag"].forEach(function (kind) {
    params.getAll(kind).forEach(function (key) {
      facets.forEach(function (f) {
        if (f.getAttribute("data-kind") === kind && f.getAttribute("data-key") === key) {
          f.setAttribute("aria-pressed", "true");
        }
      });
    });
  });
  apply();
})();
