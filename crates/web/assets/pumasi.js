// Progressive enhancement only: every page works without this file.
// Moves focus to the error summary after a form comes back with errors.
document.addEventListener("DOMContentLoaded", function () {
  var e = document.querySelector(".errors");
  if (e) { e.focus(); }
});
