// Sala's service worker. The server writes BUILD, PRECACHE and OFFLINE_URL above.
//
// - install: precache the shell (hashed JS/wasm/CSS, font, icons, manifest, offline
//   page) in a cache named after the build; activate: delete other builds' caches.
// - navigations: the network first, and a copy of each successful page is kept under
//   its exact URL; without a network, that exact page, else a redirect to the offline
//   page. Never another URL's HTML: it would not hydrate.
// - static files: the cache first.
// - data reads (GET /api/…, except sync): the network first, else the last answer kept,
//   so pages opened before keep working when the app navigates without a reload.
// - signing in or out forgets every saved page (a shared phone keeps no one's pages).
'use strict';

const CACHE = `sala-${BUILD}`;
const PRECACHED = new Set(PRECACHE.map((path) => new URL(path, self.location.origin).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('sala-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request, url));
    return;
  }
  if (request.method !== 'GET' || url.pathname.startsWith('/api/sync/') || url.pathname === '/sw.js' || url.pathname === '/healthz') {
    return;
  }
  event.respondWith(url.pathname.startsWith('/api/') ? dataRead(request) : staticFile(request));
});

async function navigate(request, url) {
  const cache = await caches.open(CACHE);
  if (request.method !== 'GET') {
    try {
      const response = await fetch(request);
      if (url.pathname === '/login' || url.pathname === '/logout') await forgetPages(cache);
      return response;
    } catch (_) {
      return offline(cache, '/');
    }
  }
  try {
    const response = await fetch(request);
    const type = response.headers.get('content-type') || '';
    const cacheControl = response.headers.get('cache-control') || '';
    if (response.status === 200 && response.type === 'basic' && type.startsWith('text/html') && !cacheControl.includes('no-store')) {
      await cache.put(url.href, response.clone());
    }
    return response;
  } catch (_) {
    const saved = url.pathname === OFFLINE_URL
      ? await cache.match(OFFLINE_URL, { ignoreSearch: true })
      : await cache.match(url.href);
    return saved || offline(cache, url.pathname + url.search);
  }
}

function offline(cache, from) {
  return Response.redirect(`${OFFLINE_URL}?from=${encodeURIComponent(from)}`, 302);
}

async function dataRead(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.status === 200) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const saved = await cache.match(request);
    if (saved) return saved;
    throw error;
  }
}

async function staticFile(request) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(request);
  if (saved) return saved;
  return fetch(request);
}

// Deletes every saved page but the precached shell, then saves a fresh offline page
// (the old one showed who was signed in).
async function forgetPages(cache) {
  for (const request of await cache.keys()) {
    if (!PRECACHED.has(request.url)) await cache.delete(request);
  }
  try {
    await cache.add(new Request(OFFLINE_URL, { cache: 'reload' }));
  } catch (_) {
    // Offline: keep the old one.
  }
}
