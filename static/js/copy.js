/* A "copy" button: <button data-copy="TEXT" data-copied="Copied" hidden>. Shown only where the
   browser can copy (the clipboard needs a secure page); says it is done for a few seconds. */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = button.dataset.copied;
        window.setTimeout(function () { button.textContent = label; }, 3000);
      });
    });
  });
})();
