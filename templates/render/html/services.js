/* services.html: search and filter the list in the page itself; nothing is fetched or
   sent. Without this script the page is the complete list, and its form stays hidden. */
(function () {
  "use strict";
  var form = document.getElementById("directory-filter");
  if (!form) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll(".directory-service"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".directory-group"));
  var status = document.getElementById("directory-status");
  var empty = document.getElementById("directory-empty");
  var total = {};
  items.forEach(function (li) { total[li.getAttribute("data-service")] = true; });
  var totalCount = Object.keys(total).length;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  items.forEach(function (li) { li.setAttribute("data-text", fold(li.textContent)); });

  function apply() {
    var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
    var need = form.elements.need.value;
    var group = form.elements.group.value;
    var place = form.elements.place.value;
    var shown = {};
    items.forEach(function (li) {
      var needs = " " + li.getAttribute("data-needs") + " ";
      var text = li.getAttribute("data-text");
      var ok = (!need || needs.indexOf(" " + need + " ") >= 0) &&
        (!group || li.getAttribute("data-group") === group) &&
        (!place || li.getAttribute("data-place") === place) &&
        words.every(function (w) { return text.indexOf(w) >= 0; });
      li.hidden = !ok;
      if (ok) { shown[li.getAttribute("data-service")] = true; }
    });
    groups.forEach(function (g) {
      g.hidden = !g.querySelector(".directory-service:not([hidden])");
    });
    var count = Object.keys(shown).length;
    status.textContent = status.getAttribute("data-template")
      .replace("{count}", String(count)).replace("{total}", String(totalCount));
    empty.hidden = count > 0;
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
}());
