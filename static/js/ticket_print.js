/* The ticket's print view opens the print dialogue by itself: one press of "Print the ticket" prints.
   Without JavaScript the page is the same and the browser's own Print is used. Kept out of the HTML
   because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  window.addEventListener("load", function () { window.print(); });
})();
