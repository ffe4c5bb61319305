// Tables wider than their region (templates/includes/tabella_scorrevole.html) scroll inside it: show the
// notice only while a table really is wider, as the window, the fonts or the content change.
(function () {
  "use strict";
  var areas = document.querySelectorAll(".tabella-scorrevole-area");
  if (!areas.length) return;

  function update(area) {
    area.parentElement.classList.toggle("scorre", area.scrollWidth > area.clientWidth + 1);
  }

  if ("ResizeObserver" in window) {
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { update(entry.target.closest(".tabella-scorrevole-area")); });
    });
    areas.forEach(function (area) {
      observer.observe(area);
      if (area.firstElementChild) observer.observe(area.firstElementChild);
    });
  } else {
    var all = function () { areas.forEach(update); };
    window.addEventListener("resize", all);
    window.addEventListener("load", all);
  }
  areas.forEach(update);
})();
