// A form sent back with errors: move the focus to its summary, so that a screen reader reads it
// first and a keyboard user starts from its links (WCAG 3.3.1).
document.addEventListener("DOMContentLoaded", function () {
  var riepilogo = document.querySelector(".riepilogo-errori");
  if (riepilogo) { riepilogo.focus(); }
});
