/* The kiosk, offline first. Each tap is written to IndexedDB with its own Idempotency-Key and the
   time it was tapped, the thank-you screen shows at once, and the queue is sent to the public API
   (POST /api/v1/survey-responses/) whenever the network answers: at once, when the browser says
   it is online again, on every page load and every 20 seconds while taps wait. The server stores
   a key once, so a tap sent twice (a lost answer, two tabs) is one response, with its original
   time. The number of taps waiting is shown at the bottom of the screen for the desk.

   The page registers a service worker (/ks/kiosk-sw.js) and puts itself and its files in the
   cache, so that a reload without network still shows the faces.

   Without JavaScript (or without IndexedDB) the form posts as a plain HTML form and the server
   ignores repeated taps all the same. */
(function () {
  "use strict";
  var form = document.getElementById("kiosk-form");
  if (!form) return;
  var config = form.dataset;
  var panel = document.getElementById("kiosk-thanks");
  var counter = document.getElementById("kiosk-queue");
  var problem = document.getElementById("kiosk-error");
  var CACHE = "kiosk-v1";
  var DB_NAME = "kiosk";
  var STORE = "taps";
  var RETRY_MS = 20000;
  var native = false;
  var busy = false;
  var flushing = false;
  var retryTimer = null;

  // --- IndexedDB --------------------------------------------------------------------------------
  var dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) {
          reject(new Error("no IndexedDB"));
          return;
        }
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "key" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function transact(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function queueAdd(tap) { return transact("readwrite", function (store) { store.put(tap); }); }
  function queueRemove(key) { return transact("readwrite", function (store) { store.delete(key); }); }
  function queueAll() { return transact("readonly", function (store) { return store.getAll(); }); }

  // --- Taps -------------------------------------------------------------------------------------
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function answers(submitter) {
    var found = {};
    var data = new FormData(form);
    data.forEach(function (value, name) {
      if (/^q\d+$/.test(name) && value !== "") found[name.slice(1)] = value;
    });
    if (submitter && /^q\d+$/.test(submitter.name)) found[submitter.name.slice(1)] = submitter.value;
    return found;
  }

  function missing(found) {
    var required = (config.required || "").split(",").filter(Boolean);
    return required.some(function (id) { return !(id in found); });
  }

  function thank() {
    busy = true;
    form.hidden = true;
    panel.hidden = false;
    panel.focus();
    window.setTimeout(function () {
      form.reset();
      panel.hidden = true;
      form.hidden = false;
      busy = false;
      var first = form.querySelector("button, input:not([type=hidden]):not([tabindex='-1'])");
      if (first) first.focus();
    }, Number(config.reset || 5) * 1000);
  }

  form.addEventListener("submit", function (event) {
    if (native) return;
    event.preventDefault();
    if (busy || form.hidden) return;
    var found = answers(event.submitter);
    if (missing(found)) {
      problem.hidden = false;
      return;
    }
    problem.hidden = true;
    var tap = {
      key: newKey(),
      answered_at: new Date().toISOString(),
      body: {
        commune: Number(config.commune),
        template: Number(config.template),
        response_channel: "kiosk",
        answers: found,
      },
    };
    if (config.desk) tap.body.desk = Number(config.desk);
    busy = true;
    queueAdd(tap).then(function () {
      thank();
      showCount();
      flush();
    }, function () {
      // No IndexedDB (a private window on some browsers): the plain form, online only.
      busy = false;
      native = true;
      if (form.requestSubmit) form.requestSubmit(event.submitter || undefined);
      else form.submit();
    });
  });

  // --- Sending the queue ------------------------------------------------------------------------
  function showCount() {
    return queueAll().then(function (taps) {
      var n = taps.length;
      counter.hidden = n === 0;
      counter.textContent = n ? config.waiting.replace("{n}", String(n)) : "";
      counter.dataset.count = String(n);
      return n;
    }, function () { return 0; });
  }

  function later() {
    if (retryTimer === null) {
      retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, RETRY_MS);
    }
  }

  function send(tap) {
    var body = Object.assign({}, tap.body, { answered_at: tap.answered_at });
    return fetch(config.api, {
      method: "POST",
      credentials: "omit",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "Idempotency-Key": tap.key,
      },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (response.status === 201) return queueRemove(tap.key).then(function () { return true; });
      if ([400, 404, 409, 422].indexOf(response.status) !== -1) {
        // Refused for good (a template no longer published, a commune no longer in force...):
        // sending it again would never store it and would hold the queue forever.
        return response.text().then(function (text) {
          if (window.console) console.warn("kiosk: tap refused", response.status, text);
          return queueRemove(tap.key).then(function () { return true; });
        });
      }
      return false; // 429, 5xx: later, in the same order
    });
  }

  function flush() {
    if (flushing || navigator.onLine === false) {
      if (navigator.onLine === false) showCount();
      return Promise.resolve();
    }
    flushing = true;
    return queueAll().then(function (taps) {
      taps.sort(function (a, b) { return a.answered_at < b.answered_at ? -1 : 1; });
      var chain = Promise.resolve(true);
      taps.forEach(function (tap) {
        chain = chain.then(function (going) { return going ? send(tap) : false; });
      });
      return chain;
    }).catch(function () { return false; }).then(function () {
      flushing = false;
      return showCount();
    }).then(function (left) {
      if (left) later();
    });
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", showCount);
  flush();

  // --- Working offline --------------------------------------------------------------------------
  function assets() {
    var urls = [window.location.href];
    document.querySelectorAll("link[rel=stylesheet], link[rel=manifest], script[src]").forEach(function (el) {
      urls.push(el.href || el.src);
    });
    return urls;
  }

  if ("serviceWorker" in navigator && window.caches && navigator.onLine !== false) {
    navigator.serviceWorker.register(config.worker, { scope: config.workerScope })
      .then(function () { return caches.open(CACHE); })
      .then(function (cache) { return cache.addAll(assets()); })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () { form.dataset.offlineReady = "1"; })
      .catch(function (error) { if (window.console) console.warn("kiosk: offline mode unavailable", error); });
  }
})();
