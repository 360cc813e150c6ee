/* The report on the web: a table wider than a phone's screen scrolls sideways in a box of
   its own, which a keyboard can reach (while it overflows) and a screen reader names by the
   table's caption. Without this script the table itself scrolls (public.css). */
(function () {
  "use strict";
  var tables = document.querySelectorAll(".publication-article table.data:not(.goals)");
  Array.prototype.forEach.call(tables, function (table, index) {
    var box = document.createElement("div");
    box.className = "publication-scroll";
    box.setAttribute("role", "region");
    var caption = table.querySelector("caption");
    if (caption) {
      if (!caption.id) { caption.id = "tabel-" + (index + 1); }
      box.setAttribute("aria-labelledby", caption.id);
    } else {
      box.setAttribute("aria-label", "Tabel");
    }
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
    var fit = function () {
      if (box.scrollWidth > box.clientWidth + 1) { box.setAttribute("tabindex", "0"); }
      else { box.removeAttribute("tabindex"); }
    };
    fit();
    if (window.ResizeObserver) { new ResizeObserver(fit).observe(box); }
  });
}());
