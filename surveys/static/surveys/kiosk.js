/* The kiosk: one tap sends one answer. Optional: without JavaScript the server ignores repeated
   taps all the same. */
(function () {
  "use strict";
  var form = document.getElementById("kiosk-form");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
  });
})();
