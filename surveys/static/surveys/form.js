/* The citizen's survey form on a phone (optional: without JavaScript it is one page posted as a
   plain form).

   In steps: on a narrow screen one factor at a time, "Bước 2/7" with a progress bar, "Tiếp theo"
   and "Quay lại"; a required question left empty stops the step with its message.

   Never loses the answers: they are kept in the tab's sessionStorage as they are given (with the
   form's one-use token), and put back after a reload. The form is sent with fetch; when the
   network fails, the answers stay on the page with a "Gửi lại" button, and it is sent again
   by itself when the phone is back online. The token makes a resend after a lost answer one
   response. */
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  var config = form.dataset;
  var storeKey = "survey:" + window.location.pathname + window.location.search;
  var problem = document.getElementById("send-problem");
  var again = document.getElementById("send-again");
  var sendButton = document.getElementById("send");
  var sending = false;

  // --- Keeping the answers ----------------------------------------------------------------------
  function save() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") return;
      (data[name] = data[name] || []).push(value);
    });
    try { sessionStorage.setItem(storeKey, JSON.stringify(data)); } catch (e) { /* full or off */ }
  }

  function restore() {
    var raw = null;
    try { raw = sessionStorage.getItem(storeKey); } catch (e) { return; }
    if (!raw || form.querySelector(".bad")) return; // a page with the server's errors is newer
    var data;
    try { data = JSON.parse(raw); } catch (e) { return; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || !(el.name in data)) return;
      var values = data[el.name];
      if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) !== -1;
      else if (el.type !== "file") el.value = values[0];
    });
  }

  function forget() {
    try { sessionStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
  }

  // --- Steps on a phone -------------------------------------------------------------------------
  var steps = Array.prototype.slice.call(form.querySelectorAll("section.step"));
  var current = 0;
  var stepped = steps.length > 1 && window.matchMedia("(max-width: 40rem)").matches;
  var bar, label, nav, back, next;

  function answered(fieldset) {
    return Array.prototype.some.call(fieldset.querySelectorAll("input, textarea"), function (el) {
      return (el.type === "radio" || el.type === "checkbox") ? el.checked : el.value.trim() !== "";
    });
  }

  function unanswered(step) {
    return Array.prototype.filter.call(step.querySelectorAll("fieldset[data-required]"), function (fs) {
      return !answered(fs);
    });
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    var last = current === steps.length - 1;
    label.textContent = config.stepLabel.replace("{n}", current + 1).replace("{total}", steps.length);
    bar.value = current + 1;
    back.hidden = current === 0;
    next.hidden = last;
    sendButton.hidden = !last;
    if (focus) {
      var heading = steps[current].querySelector("h2");
      heading.tabIndex = -1;
      heading.focus();
      window.scrollTo(0, 0);
    }
  }

  function markMissing(fieldsets) {
    fieldsets.forEach(function (fs) {
      fs.classList.add("bad");
      if (!fs.querySelector(".client-err")) {
        var p = document.createElement("p");
        p.className = "err client-err";
        p.textContent = config.requiredMessage;
        var anchor = fs.querySelector(".faces, .opts, input, textarea");
        fs.insertBefore(p, anchor);
      }
    });
    var first = fieldsets[0].querySelector("input, textarea");
    if (first) first.focus();
  }

  if (stepped) {
    form.classList.add("stepped");
    var progress = document.createElement("div");
    progress.className = "progress";
    label = document.createElement("p");
    label.id = "step-label";
    label.setAttribute("aria-live", "polite");
    bar = document.createElement("progress");
    bar.max = steps.length;
    bar.setAttribute("aria-labelledby", "step-label");
    progress.appendChild(label);
    progress.appendChild(bar);
    form.insertBefore(progress, steps[0]);
    nav = document.createElement("div");
    nav.className = "step-nav";
    back = document.createElement("button");
    back.type = "button";
    back.className = "secondary";
    back.textContent = config.back;
    next = document.createElement("button");
    next.type = "button";
    next.textContent = config.next;
    nav.appendChild(back);
    nav.appendChild(next);
    form.insertBefore(nav, problem);
    back.addEventListener("click", function () { show(current - 1, true); });
    next.addEventListener("click", function () {
      var missing = unanswered(steps[current]);
      if (missing.length) markMissing(missing);
      else show(current + 1, true);
    });
  }

  form.addEventListener("change", function (event) {
    var fs = event.target.closest("fieldset");
    if (fs && fs.querySelector(".client-err") && answered(fs)) {
      fs.classList.remove("bad");
      fs.querySelector(".client-err").remove();
    }
    save();
  });
  form.addEventListener("input", save);

  // --- Sending ----------------------------------------------------------------------------------
  function showProblem() {
    problem.hidden = false;
    again.focus();
  }

  function send() {
    if (sending) return;
    sending = true;
    save();
    problem.hidden = true;
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    }).then(function (response) {
      if (response.redirected) {
        forget();
        window.location.assign(response.url);
        return;
      }
      if (response.status >= 500) {
        sending = false;
        showProblem();
        return;
      }
      // The form again with the server's messages (an answer missing...), or another page
      // (too many tries): shown as the page, as a plain POST would have shown it.
      return response.text().then(function (html) {
        document.open();
        document.write(html);
        document.close();
      });
    }, function () {
      sending = false;
      showProblem();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    for (var i = 0; i < steps.length; i++) {
      var missing = unanswered(steps[i]);
      if (missing.length) {
        if (stepped) show(i, false);
        markMissing(missing);
        return;
      }
    }
    send();
  });
  again.addEventListener("click", send);
  window.addEventListener("online", function () { if (!problem.hidden) send(); });

  restore();
  if (stepped) {
    var firstBad = steps.findIndex(function (step) { return step.querySelector(".bad"); });
    show(firstBad === -1 ? 0 : firstBad, false);
  }
})();
