// After a failed save (any form of the product) the error summary at the top of the form takes the focus (the fields may be
// thousands of pixels below, on a phone), and each of its links moves the focus to its field:
// following an anchor alone scrolls there but leaves the focus behind.
(function () {
  "use strict";

  function start() {
    var summary = document.querySelector("[data-riepilogo-errori], .riepilogo-errori");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) {
        return;
      }
      event.preventDefault();
      field.focus();
      field.scrollIntoView({block: "center"});
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
