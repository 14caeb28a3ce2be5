// Buttons marked data-print print the page (laid out for A4 by print.css). A static file, not
// an inline handler: the Content-Security-Policy allows no inline script.
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { event.preventDefault(); window.print(); }
  });
})();
