// Sala's service worker. The server writes BUILD, PRECACHE, ON_DEMAND, OFFLINE_URL and
// LANGS above.
//
// - install: precache the shell (the signed-out bundle, CSS, font, icons, manifest) and
//   the offline page in every language, in a cache named after the build — from the
//   browser's HTTP cache where the page has just loaded them, so nothing travels twice.
//   The learners' and trainers' bundles (ON_DEMAND) are kept when a page loads them (a
//   first visit to the sign-in page downloads neither); a new build fetches those the
//   previous build had kept, so an update never loses what worked offline. A new build
//   then waits: the page offers "Update" and sends `skip-waiting` when the person taps
//   it, so no one is reloaded mid-lesson. activate: delete other builds' caches (never
//   the courses saved with "Download for offline", `sala-course-*`).
// - navigations: the network first, and a copy of each successful page is kept under
//   its exact URL and its language (from Content-Language), with the page in the other
//   language fetched alongside, so switching language works offline too. Without a
//   network: that exact page in the chosen language (else the other), else a redirect
//   to the offline page. Never another URL's HTML. Saved pages are looked up in this
//   build's cache, then in the saved courses.
// - static files: the cache first (any of our caches); a page saved by an older build
//   that asks for that build's deleted JS/wasm/CSS gets this build's file of that kind
//   (of the same bundle). An on-demand bundle is kept when a page loads it or a kept page
//   names it.
// - a page from another person than the last one (every page says whose it is, in
//   `x-sala-user`; `-` signed out) forgets every saved page and saved course: a shared
//   phone keeps nothing of the last person. Only a real change of person does this — a
//   sign-in or sign-out that failed, or one posted by another site (the server refuses
//   those), changes nothing. Signing out with no network forgets too (only from a page
//   of this site), and tells the server as soon as the network is back.
'use strict';

const CACHE = `sala-${BUILD}`;
const COURSE_PREFIX = 'sala-course-';
const LANG_KEY = '/__sala/lang';
const LOGOUT_PENDING = '/__sala/logout-pending';
// What outlives a build: whose pages these are.
const META_CACHE = 'sala-meta';
const USER_KEY = '/__sala/user';
const SHELL = PRECACHE.filter((path) => path !== OFFLINE_URL);
// Pages that are the same whatever their query (the check-in page reads its query on
// the device: a scanned code must open offline): kept and found without it.
const ANY_QUERY = [OFFLINE_URL, '/check-in'];
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
    // From the browser's HTTP cache when the page has just loaded them (a phone never
    // downloads the wasm or the font twice on its first visit): the JS, wasm and CSS
    // have their hash in their name and are immutable.
    await cache.addAll(SHELL);
    await saveOfflinePages(cache);
    await keepWhatTheLastBuildKept(cache);
  })());
});

// The on-demand bundles an older build of ours had kept: this build's files of them.
async function keepWhatTheLastBuildKept(cache) {
  const kept = [];
  for (const key of await caches.keys()) {
    if (!key.startsWith('sala-') || key.startsWith(COURSE_PREFIX) || key === CACHE || key === META_CACHE) continue;
    for (const request of await (await caches.open(key)).keys()) kept.push(new URL(request.url).pathname);
  }
  for (const asset of ON_DEMAND) {
    const kind = kindOf(asset);
    if (kept.some((path) => kindOf(path) === kind)) {
      try {
        await cache.add(asset);
      } catch (_) {
        // Offline during the update: it is fetched when a page needs it.
      }
    }
  }
}

// `/pkg/sala-trainer.<hash>.wasm` → `/pkg/sala-trainer.*.wasm`.
function kindOf(path) {
  if (!path.startsWith('/pkg/')) return null;
  return `${path.slice(0, path.indexOf('.') + 1)}*${path.slice(path.lastIndexOf('.'))}`;
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('sala-') && !key.startsWith(COURSE_PREFIX) && key !== CACHE && key !== META_CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The language switch tells us the chosen language (`lang:km`); the update prompt
// says when to take over (`skip-waiting`).
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') {
    self.skipWaiting();
    return;
  }
  // `keep:["/teach/session/…", …]`: pages to have ready offline (today's roll calls).
  if (typeof event.data === 'string' && event.data.startsWith('keep:')) {
    let paths = [];
    try {
      paths = JSON.parse(event.data.slice(5));
    } catch (_) {
      return;
    }
    event.waitUntil(keepPages(paths.filter((p) => typeof p === 'string' && p.startsWith('/') && !p.startsWith('//')).slice(0, 20)));
    return;
  }
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
      return await fetch(request);
    } catch (_) {
      // Signing out with no network, from one of our pages (not another site's form).
      if (url.pathname === '/logout' && sameOrigin(request.referrer)) {
        await forgetPages(cache);
        await cache.put(LOGOUT_PENDING, new Response('1'));
        await rememberUser('-');
        return offline('/login');
      }
      return offline('/');
    }
  }
  try {
    await finishLogout(cache);
    const response = await fetch(request);
    await noteUser(cache, response);
    const lang = response.headers.get('content-language');
    const href = ANY_QUERY.includes(url.pathname) ? new URL(url.pathname, url).href : url.href;
    if (keepable(response) && LANGS.includes(lang)) {
      await cache.put(pageKey(href, lang), response.clone());
      // Remembered on disk too: after the browser restarts offline, pages come in the
      // language last used.
      if (chosenLang !== lang) await cache.put(LANG_KEY, new Response(lang));
      chosenLang = lang;
      // The bundle this page needs, should it have loaded before this worker ran.
      const copy = response.clone();
      event.waitUntil((async () => {
        try {
          await keepAssetsOf(cache, await copy.text());
        } catch (_) {
          // Offline again: the page loads it next time.
        }
        await saveOtherLanguages(cache, href, lang);
      })());
    }
    return response;
  } catch (_) {
    const lang = (await wantedLang(cache)) || LANGS[0];
    const target = ANY_QUERY.includes(url.pathname) ? new URL(url.pathname, url).href : url.href;
    for (const l of [lang, ...LANGS.filter((x) => x !== lang)]) {
      const key = pageKey(target, l);
      const saved = (await cache.match(key)) || (await caches.match(key));
      if (saved) return saved;
    }
    // The offline page itself is missing (signed out with no network): a plain one.
    if (url.pathname === OFFLINE_URL) return plainOffline();
    return offline(url.pathname + url.search);
  }
}

function sameOrigin(href) {
  try {
    return new URL(href).origin === self.location.origin;
  } catch (_) {
    return false;
  }
}

async function rememberUser(user) {
  const meta = await caches.open(META_CACHE);
  await meta.put(USER_KEY, new Response(user));
}

// Whose page this is; another person's than last time: forget the last one's pages.
async function noteUser(cache, response) {
  const user = response.headers.get('x-sala-user');
  if (user === null || response.type !== 'basic') return;
  const meta = await caches.open(META_CACHE);
  const saved = await meta.match(USER_KEY);
  const before = saved ? await saved.text() : null;
  if (before === user) return;
  if (before !== null) await forgetPages(cache);
  await meta.put(USER_KEY, new Response(user));
}

function plainOffline() {
  const body = '<!doctype html><html lang="km"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sala</title></head>' +
    '<body style="font-family:sans-serif;margin:2rem;line-height:1.75"><main id="offline">' +
    '<h1>អ្នកគ្មានអ៊ីនធឺណិត · You are offline</h1>' +
    '<p>សូមភ្ជាប់អ៊ីនធឺណិត ហើយព្យាយាមម្តងទៀត។ Connect and try again.</p>' +
    '<p><a href="/login">ចូល · Sign in</a></p></main></body></html>';
  return new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
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

async function keepPages(paths) {
  const cache = await caches.open(CACHE);
  for (const path of paths) {
    const href = new URL(path, self.location.origin).href;
    for (const lang of LANGS) {
      try {
        const response = await fetch(href, { headers: { 'x-sala-lang': lang }, credentials: 'same-origin', redirect: 'error' });
        if (keepable(response) && response.headers.get('content-language') === lang) {
          await keepAssetsOf(cache, await response.clone().text());
          await cache.put(pageKey(href, lang), response);
        }
      } catch (_) {
        // Offline: keep what we have.
      }
    }
  }
}

// The on-demand assets (the trainers' bundle) a kept page will need offline.
async function keepAssetsOf(cache, html) {
  for (const asset of ON_DEMAND.filter((a) => html.includes(a))) {
    if (!(await cache.match(asset))) await cache.add(asset);
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
  const saved = await caches.match(request);
  if (saved) return saved;
  try {
    const response = await fetch(request);
    if (response.ok && ON_DEMAND.includes(new URL(request.url).pathname)) {
      await (await caches.open(CACHE)).put(request, response.clone());
    }
    return response;
  } catch (error) {
    const current = sameKindFromThisBuild(new URL(request.url).pathname);
    const fallback = current && (await caches.match(current));
    if (fallback) return fallback;
    throw error;
  }
}

// `/pkg/sala.<old hash>.css` → this build's `/pkg/sala.<hash>.css` (same for .js, .wasm,
// and for the trainers' bundle `/pkg/sala-trainer.<hash>.*`).
function sameKindFromThisBuild(path) {
  const kind = kindOf(path);
  return (kind && [...PRECACHE, ...ON_DEMAND].find((p) => kindOf(p) === kind)) || null;
}

// After signing out offline: tell the server (ends the session) once it answers.
async function finishLogout(cache) {
  if (!(await cache.match(LOGOUT_PENDING))) return;
  try {
    await fetch('/logout', { method: 'POST', credentials: 'same-origin', redirect: 'manual' });
    await cache.delete(LOGOUT_PENDING);
  } catch (_) {
    // Still offline.
  }
}

// Deletes every saved page but the precached shell and every saved course, then saves
// fresh offline pages (the old ones showed who was signed in). (Each person's on-device
// database is deleted by the page when they sign out: it first offers to send what is
// unsent.)
async function forgetPages(cache) {
  const shell = new Set(SHELL.map((path) => new URL(path, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (!shell.has(request.url) && !request.url.endsWith(LANG_KEY)) await cache.delete(request);
  }
  for (const key of await caches.keys()) {
    if (key.startsWith(COURSE_PREFIX)) await caches.delete(key);
  }
  try {
    await saveOfflinePages(cache);
  } catch (_) {
    // Offline: nothing to save.
  }
}
