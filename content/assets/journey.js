/* Sorting and filtering for the action tables. Plain script, shipped with the site (no CDN).
   Without it every table still shows every row, in plan order. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.getAttribute("data-sort") !== null ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var label = th.textContent;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ij-sort";
      button.textContent = label;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var cmp = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function setUpFilter(form) {
    var text = form.querySelector("input[type=search]");
    var choice = form.querySelector("select");
    var count = form.querySelector("output");
    var tables = document.querySelectorAll("table.ij-actions");
    function apply() {
      var words = text.value.trim().toLowerCase();
      var wanted = choice.value;
      var shown = 0, total = 0;
      Array.prototype.forEach.call(tables, function (table) {
        if (form.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_PRECEDING) return; /* tables above the filter stay as they are */
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          total += 1;
          var ok = !words || row.textContent.toLowerCase().indexOf(words) !== -1;
          if (ok && wanted.indexOf("status:") === 0) ok = row.getAttribute("data-status") === wanted.slice(7);
          if (ok && wanted.indexOf("flag:") === 0) ok = (" " + row.getAttribute("data-flags") + " ").indexOf(" " + wanted.slice(5) + " ") !== -1;
          row.hidden = !ok;
          if (ok) shown += 1;
        });
      });
      count.textContent = shown + " of " + total + " actions shown";
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    text.addEventListener("input", apply);
    choice.addEventListener("change", apply);
    form.hidden = false;
  }

  function setUpTimeline(form) {
    var boxes = form.querySelectorAll("input[type=checkbox]");
    var count = form.querySelector("output");
    function apply() {
      var shown = {}, visible = 0, total = 0;
      Array.prototype.forEach.call(boxes, function (box) { shown[box.value] = box.checked; });
      Array.prototype.forEach.call(document.querySelectorAll("ol.ij-timeline"), function (list) {
        var any = false;
        Array.prototype.forEach.call(list.children, function (item) {
          total += 1;
          var ok = shown[item.getAttribute("data-category")] !== false;
          item.hidden = !ok;
          if (ok) { visible += 1; any = true; }
        });
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && /^H[1-6]$/.test(heading.tagName)) heading.hidden = !any; /* a year with nothing shown */
      });
      count.textContent = visible + " of " + total + " events shown";
    }
    function only(category) {
      Array.prototype.forEach.call(boxes, function (box) { box.checked = box.value === category; });
      apply();
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    Array.prototype.forEach.call(boxes, function (box) { box.addEventListener("change", apply); });
    Array.prototype.forEach.call(form.querySelectorAll("button.ij-only"), function (button) {
      button.addEventListener("click", function () { only(button.getAttribute("data-only")); });
    });
    var all = form.querySelector("button.ij-all");
    if (all) all.addEventListener("click", function () {
      Array.prototype.forEach.call(boxes, function (box) { box.checked = true; });
      apply();
    });
    form.hidden = false;
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table.ij-sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("form.ij-filter"), setUpFilter);
    Array.prototype.forEach.call(document.querySelectorAll("form.ij-timeline-filter"), setUpTimeline);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
