/* Small helps on every page; the pages work without them. Kept out of the HTML because the
   Content-Security-Policy allows no inline script or style. */
(function () {
  "use strict";
  // "Print" buttons (the ticket, the month on A4).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // A chart with many months keeps its words readable: below this width it scrolls sideways.
  document.querySelectorAll("[data-min-width-rem]").forEach(function (element) {
    element.style.minWidth = element.getAttribute("data-min-width-rem") + "rem";
  });
})();
