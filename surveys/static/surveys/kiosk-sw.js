/* The kiosk's service worker, served from /ks/kiosk-sw.js (scope /ks/) so that it can answer the
   kiosk pages when the commune's line is down. The kiosk page (kiosk.js) puts itself and its
   files in the cache; this worker answers from the network when it can and from that cache when
   it cannot. It never touches a POST: the taps queue in IndexedDB (kiosk.js) and go to the API
   with an Idempotency-Key each, so a tap replayed twice is stored once. */
"use strict";

var CACHE = "kiosk-v1";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(
        names.filter(function (name) { return name.indexOf("kiosk-") === 0 && name !== CACHE; })
          .map(function (name) { return caches.delete(name); })
      );
    }).then(function () { return self.clients.claim(); })
  );
});

function isKioskPage(url) {
  return /^\/ks\/\d+\/kiosk\/$/.test(url.pathname);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Only the kiosk's own page works offline; every other page behaves as without a worker.
    if (!isKioskPage(url)) return;
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(request, { ignoreVary: true }).then(function (cached) {
          return cached || Response.error();
        });
      })
    );
    return;
  }
  // The page's stylesheet, script and manifest: the network first (a new version is picked up),
  // the cache when offline.
  event.respondWith(
    caches.match(request, { ignoreVary: true }).then(function (cached) {
      if (!cached) return fetch(request);
      return fetch(request).catch(function () { return cached; });
    })
  );
});
