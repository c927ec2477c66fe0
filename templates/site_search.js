// Search over window.SAIC_SEARCH_INDEX ([name, version, what it is, Java class, link, 1 for a field] per type and
// per field), written at generation time.
"use strict";
(function () {
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  var entries = window.SAIC_SEARCH_INDEX || [];
  var root = document.body.getAttribute("data-root") || "";
  var LIMIT = 60;
  if (!input || !list) {
    return;
  }

  // Exact name, then prefix, then part of the name, then part of the Java class; a type before a field alike.
  function rank(entry, query) {
    var name = entry[0].toLowerCase();
    var field = entry[5];
    if (name === query) { return 0 + field; }
    if (name.indexOf(query) === 0) { return 2 + field; }
    if (name.indexOf(query) >= 0) { return 4 + field; }
    if (entry[3].toLowerCase().indexOf(query) >= 0) { return 6; }
    return -1;
  }

  function matches(text) {
    var query = text.trim().toLowerCase();
    if (!query) { return []; }
    var found = [];
    entries.forEach(function (entry) {
      var score = rank(entry, query);
      if (score >= 0) { found.push([score, entry]); }
    });
    found.sort(function (a, b) {
      return a[0] - b[0] || a[1][0].localeCompare(b[1][0]) || a[1][1].localeCompare(b[1][1]);
    });
    return found.slice(0, LIMIT).map(function (item) { return item[1]; });
  }

  function show(text) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!text.trim()) { list.hidden = true; return; }
    var found = matches(text);
    found.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry[4];
      link.textContent = entry[0];
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = entry[1] + " · " + entry[2];
      link.appendChild(meta);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "empty";
      none.textContent = "no type or field matches";
      list.appendChild(none);
    }
    list.hidden = false;
  }

  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (event) {
    var first = list.querySelector("a");
    if (event.key === "Enter" && first) { window.location.href = first.href; }
    if (event.key === "Escape") { input.value = ""; show(""); }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    show(query);
  }
})();
