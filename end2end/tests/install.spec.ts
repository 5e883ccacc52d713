import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hydrated } from './support/pages';
import { CHROMIUM_ARGS, MAIN_PORT } from './support/server';

const origin = `http://127.0.0.1:${MAIN_PORT}`;

test('the manifest parses and names icons that exist', async ({ request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.ok()).toBe(true);
  expect(res.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await res.json();
  expect(manifest.name).toContain('Sala');
  expect(manifest.short_name).toBeTruthy();
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('/');
  expect(manifest.theme_color).toMatch(/^#/);
  expect(manifest.background_color).toMatch(/^#/);
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
  for (const icon of manifest.icons) {
    const r = await request.get(icon.src);
    expect(r.ok(), icon.src).toBe(true);
    expect(r.headers()['content-type']).toBe('image/png');
  }
});

test('assets are hashed, immutable and compressed; the service worker is not cached', async ({ page, request }) => {
  await page.goto('/login');
  const css = await page.locator('link[rel=stylesheet]').getAttribute('href');
  expect(css).toMatch(/^\/pkg\/sala\.[\w-]+\.css$/);
  const res = await request.get(css!, { headers: { 'accept-encoding': 'br, gzip' } });
  expect(res.headers()['cache-control']).toContain('immutable');
  expect(res.headers()['content-encoding']).toMatch(/br|gzip/);
  const page_ = await request.get('/login', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(page_.headers()['content-encoding']).toMatch(/br|gzip/);
  const sw = await request.get('/sw.js');
  expect(sw.headers()['cache-control']).toBe('no-cache');
  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  expect(await health.text()).toMatch(/^\d+\.\d+\.\d+-/);
});

test('Chromium reports no installability errors', async () => {
  // A persistent profile: Playwright's default contexts count as incognito.
  const profile = mkdtempSync(path.join(tmpdir(), 'sala-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: 393, height: 851 },
  });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/login`);
    await page.waitForFunction(
      () => Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 15_000)),
      ]),
      null,
      { timeout: 20_000 },
    );
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
  } finally {
    await context.close();
  }
});

/** Bytes on the wire (CDP encodedDataLength) while `load` runs, per path. */
async function weigh(page: Page, context: BrowserContext, load: () => Promise<void>) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const sizes: Record<string, number> = {};
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const path = new URL(urls.get(e.requestId) ?? 'http://x/?').pathname;
    sizes[path] = (sizes[path] ?? 0) + e.encodedDataLength;
  });
  const started = Date.now();
  await load();
  const ms = Date.now() - started;
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  return { total, ms, sizes };
}

test('the first visit stays light: the page at most 200 KB, with the offline copy at most 250 KB, nothing twice', async ({ page, context }) => {
  const { total, ms, sizes } = await weigh(page, context, async () => {
    await page.goto('/login');
    await hydrated(page);
  });
  console.log(`first visit of /login: ${total} bytes on the wire, interactive in ${ms} ms`, sizes);
  expect(total).toBeLessThanOrEqual(200_000);
  expect(Object.keys(sizes).filter((p) => p.includes('sala-trainer') || p.includes('sala-author'))).toEqual([]);
  // The service worker's precache: what it fetched itself (its own resource timing), once
  // it has installed. Files the page has just loaded come from the browser's cache.
  await page.evaluate(() => navigator.serviceWorker.ready);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const precache = await worker.evaluate(async () => {
    for (let i = 0; i < 100 && !(await caches.keys()).some((k) => /^sala-\d/.test(k)); i++) await new Promise((r) => setTimeout(r, 100));
    return performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return { path: new URL(r.name).pathname + new URL(r.name).search, bytes: r.transferSize };
    });
  });
  const extra = precache.reduce((a, e) => a + e.bytes, 0);
  console.log(`the service worker's precache fetched ${extra} more bytes`, precache.filter((e) => e.bytes > 0));
  expect(total + extra).toBeLessThanOrEqual(250_000);
  // Nothing the page downloaded travels again.
  const again = precache.filter((e) => e.bytes > 0 && sizes[e.path.split('?')[0]] > 0).map((e) => e.path);
  expect(again).toEqual([]);
});

test('a cold first load of a lesson page is at most 250 KB', async ({ page, context }) => {
  // Sign in without loading any page, then open a lesson directly, as from a link.
  await context.request.post('/login', { form: { username: 'learner', password: 'sala-demo' } });
  const home = await (await context.request.get('/learn')).text();
  const course = /href="(\/learn\/course\/[^"]+)"/.exec(home)?.[1];
  const outline = await (await context.request.get(course!)).text();
  const lesson = /href="(\/learn\/lesson\/[^"]+)"/.exec(outline)?.[1];
  const { total, ms, sizes } = await weigh(page, context, async () => {
    await page.goto(lesson!);
    await expect(page.locator('#lesson-title')).toHaveText('Electrical hazards at work');
    await hydrated(page);
  });
  console.log(`cold first load of ${lesson}: ${total} bytes on the wire, interactive in ${ms} ms`, sizes);
  expect(total).toBeLessThanOrEqual(250_000);
  expect(Object.keys(sizes).filter((p) => p.includes('sala-trainer') || p.includes('sala-author'))).toEqual([]);
});

test('trainers\' pages load the trainers\' bundle, and their islands hydrate from it', async ({ page, context }) => {
  await context.request.post('/login', { form: { username: 'trainer', password: 'sala-demo' } });
  const { total, sizes } = await weigh(page, context, async () => {
    await page.goto('/teach');
    await hydrated(page);
  });
  const bundles = Object.keys(sizes).filter((p) => /^\/pkg\/.*\.(js|wasm)$/.test(p));
  expect(bundles.every((p) => p.startsWith('/pkg/sala-trainer.'))).toBe(true);
  expect(bundles).toHaveLength(2);
  console.log(`first load of /teach (trainers' bundle): ${total} bytes on the wire`, sizes);
  await page.locator('#today a[href^="/teach/session/"]').first().click();
  await hydrated(page);
  await page.locator('.roll-tap').first().click();
  await expect(page.locator('.roll-row').first()).toHaveAttribute('data-status', 'present');
});
