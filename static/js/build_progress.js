// The review page while a PDF is being built: polls the build's status, says where it stands
// (waiting for the broker, queued, running, silent...) and moves the progress bar; when the build
// ends the page reloads to show the download link or the error. Without JavaScript the page
// refreshes itself (a <noscript> meta refresh) instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-build-status]");
  if (!box) return;
  var url = box.getAttribute("data-build-status");
  var bar = box.querySelector("progress");
  var message = box.querySelector("[data-build-message]");
  var delay = 1000;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = data.progress + "%";
        if (message) {
          message.textContent = data.message;
          message.setAttribute("data-build-state", data.state);
        }
        if (data.status === "done" || data.status === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
