// Sala's service worker. The server writes BUILD, PRECACHE, OFFLINE_URL and LANGS above.
//
// - install: precache the shell (hashed JS/wasm/CSS, font, icons, manifest) and the
//   offline page in every language, in a cache named after the build; activate: delete
//   other builds' caches.
// - navigations: the network first, and a copy of each successful page is kept under
//   its exact URL and its language (from Content-Language), with the page in the other
//   language fetched alongside, so switching language works offline too. Without a
//   network: that exact page in the chosen language (else the other), else a redirect
//   to the offline page. Never another URL's HTML.
// - static files: the cache first.
// - signing in or out forgets every saved page (a shared phone keeps no one's pages).
'use strict';

const CACHE = `sala-${BUILD}`;
const LANG_KEY = '/__sala/lang';
const SHELL = PRECACHE.filter((path) => path !== OFFLINE_URL);
let chosenLang = null;

// The key a page is kept under: its URL plus the language it is written in.
function pageKey(href, lang) {
  const url = new URL(href);
  url.searchParams.set('__lang', lang);
  return url.href;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL.map((path) => new Request(path, { cache: 'reload' })));
    await saveOfflinePages(cache);
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

// The language switch tells us the chosen language (`lang:km`).
self.addEventListener('message', (event) => {
  const match = /^lang:(\w+)$/.exec(String(event.data));
  if (match && LANGS.includes(match[1])) {
    chosenLang = match[1];
    event.waitUntil(caches.open(CACHE).then((cache) => cache.put(LANG_KEY, new Response(chosenLang))));
  }
});

async function wantedLang(cache) {
  if (chosenLang) return chosenLang;
  const saved = await cache.match(LANG_KEY);
  chosenLang = saved ? await saved.text() : null;
  return chosenLang;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event, request, url));
    return;
  }
  if (request.method !== 'GET' || url.pathname.startsWith('/api/') || url.pathname === '/sw.js' || url.pathname === '/healthz') {
    return;
  }
  event.respondWith(staticFile(request));
});

async function navigate(event, request, url) {
  const cache = await caches.open(CACHE);
  if (request.method !== 'GET') {
    try {
      const response = await fetch(request);
      if (url.pathname === '/login' || url.pathname === '/logout') await forgetPages(cache);
      return response;
    } catch (_) {
      return offline('/');
    }
  }
  try {
    const response = await fetch(request);
    const lang = response.headers.get('content-language');
    if (keepable(response) && LANGS.includes(lang)) {
      await cache.put(pageKey(url.href, lang), response.clone());
      chosenLang = lang;
      event.waitUntil(saveOtherLanguages(cache, url.href, lang));
    }
    return response;
  } catch (_) {
    const lang = (await wantedLang(cache)) || LANGS[0];
    const target = url.pathname === OFFLINE_URL ? new URL(OFFLINE_URL, url).href : url.href;
    for (const l of [lang, ...LANGS.filter((x) => x !== lang)]) {
      const saved = await cache.match(pageKey(target, l));
      if (saved) return saved;
    }
    return offline(url.pathname + url.search);
  }
}

function keepable(response) {
  const type = response.headers.get('content-type') || '';
  const cacheControl = response.headers.get('cache-control') || '';
  return response.status === 200 && response.type === 'basic' && type.startsWith('text/html') && !cacheControl.includes('no-store');
}

async function saveOtherLanguages(cache, href, except) {
  for (const lang of LANGS.filter((l) => l !== except)) {
    try {
      const response = await fetch(href, { headers: { 'x-sala-lang': lang }, credentials: 'same-origin', redirect: 'error' });
      if (keepable(response) && response.headers.get('content-language') === lang) {
        await cache.put(pageKey(href, lang), response);
      }
    } catch (_) {
      // Offline or redirected: keep what we have.
    }
  }
}

async function saveOfflinePages(cache) {
  const href = new URL(OFFLINE_URL, self.location.origin).href;
  for (const lang of LANGS) {
    const response = await fetch(href, { headers: { 'x-sala-lang': lang }, credentials: 'same-origin', cache: 'reload' });
    if (response.ok) await cache.put(pageKey(href, lang), response);
  }
}

function offline(from) {
  return Response.redirect(`${OFFLINE_URL}?from=${encodeURIComponent(from)}`, 302);
}

async function staticFile(request) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(request);
  if (saved) return saved;
  return fetch(request);
}

// Deletes every saved page but the precached shell, then saves fresh offline pages
// (the old ones showed who was signed in).
async function forgetPages(cache) {
  const shell = new Set(SHELL.map((path) => new URL(path, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (!shell.has(request.url) && !request.url.endsWith(LANG_KEY)) await cache.delete(request);
  }
  try {
    await saveOfflinePages(cache);
  } catch (_) {
    // Offline: nothing to save.
  }
}
