import { expect, test, type Page } from '@playwright/test';
import { hydrated, LoginPage, underServiceWorker, unsynced } from './support/pages';
import { SalaServer } from './support/server';

// A learner downloads the course, studies with the server stopped, and everything
// reaches the database exactly once when it is back. Its own server, stopped for real.
const server = new SalaServer(3102);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

const sql = (query: string) => server.sql(query);

const LEARNER = "(SELECT id FROM users WHERE username = 'learner')";

async function signIn(page: Page, username: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(username);
}

test('download a course, study offline, sync once back online, replays change nothing', async ({ context, page }) => {
  await signIn(page, 'learner');
  await expect(page).toHaveURL(/\/learn$/);
  await underServiceWorker(page);
  await page.getByRole('link', { name: 'Open the course' }).click();
  const course = page.url();
  await hydrated(page);

  // The size first, then the download with its progress, then what it takes.
  const estimate = await page.locator('#download-size').textContent();
  expect(estimate).toMatch(/^About \d+ KB to download$/);
  // Bytes on the wire while downloading (the page's requests and the service worker's).
  let downloaded = 0;
  const weigh = async (request: import('@playwright/test').Request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) downloaded += sizes.responseBodySize + sizes.responseHeadersSize;
  };
  context.on('requestfinished', weigh);
  await page.locator('#download-course').click();
  await expect(page.locator('#saved-offline')).toHaveText('✓ Available offline', { timeout: 30_000 });
  context.off('requestfinished', weigh);
  console.log(`downloading the demo course: ${downloaded} bytes on the wire (${estimate}); ${await page.locator('#saved-size').textContent()}`);
  await expect(page.locator('#storage-used')).toContainText('Storage used by this browser:');

  const lessons = await page.locator('a.button[href^="/learn/lesson/"]').evaluateAll(
    (links) => links.map((a) => (a as HTMLAnchorElement).pathname),
  );
  expect(lessons.length).toBe(6);

  await server.stop();

  // The course and My courses open from the device, in both languages' copies.
  await page.reload();
  await expect(page.locator('#course-title')).toHaveText('Electrical Installation (blended)');
  await page.goto('/learn');
  await hydrated(page);
  await expect(page.locator('.saved-badge')).toBeVisible();

  // Read two lessons never opened before (they came with the download), take a check,
  // mark both done.
  await page.goto(lessons[2]);
  await expect(page.locator('#lesson-title')).toHaveText('Personal protective equipment');
  await hydrated(page);
  await page.locator('#mark-done').click();
  await expect(page.locator('#lesson-done')).toHaveText('✓ Done');
  await expect(page.getByText('Saved on this phone.')).toBeVisible();
  await page.locator('a[rel=next]').click();
  await hydrated(page);
  await page.locator('#check-answers').click();
  await expect(page.locator('#check-scores')).toHaveText(/^Best: \d\/\d · Latest: \d\/\d$/);
  await page.locator('#mark-done').click();
  await expect(page.locator('#lesson-done')).toBeVisible();
  await expect.poll(() => unsynced(page)).toBeGreaterThanOrEqual(3);
  await expect(page.locator('#unsynced')).toHaveText(/^\d+ unsynced$/);
  await expect(page.locator('#net-state')).toHaveText('Offline');
  await page.locator('.sync summary').click();
  await expect(page.locator('#unsynced-list')).toContainText('Lesson done');
  await expect(page.locator('#unsynced-list')).toContainText('Knowledge check');

  // Reloaded and with the course page from before: the device's state shows.
  await page.goto(course);
  const mark = page.locator(`[data-lesson="${lessons[2].split('/').pop()}"]`);
  await expect(mark).toHaveAttribute('data-done', 'true');
  await expect(mark.locator('.if-done')).toBeVisible();
  await expect(mark.locator('.if-not-done')).toBeHidden();
  expect(sql(`SELECT COUNT(*) FROM lesson_progress WHERE user_id = ${LEARNER}`)).toBe('0');

  // Close the page, start the server, open the app again: it syncs by itself.
  await page.close();
  await server.start();
  const again = await context.newPage();
  // The batches as sent (gzip-compressed by the device).
  const pushes: { body: Buffer; encoding: string }[] = [];
  again.on('request', (r) => {
    if (r.url().endsWith('/api/sync/v1/push')) {
      pushes.push({ body: r.postDataBuffer() ?? Buffer.alloc(0), encoding: r.headers()['content-encoding'] ?? '' });
    }
  });
  await again.goto('/learn');
  await hydrated(again);
  await expect.poll(() => unsynced(again), { timeout: 20_000 }).toBe(0);
  await expect(again.locator('#unsynced')).toHaveText('All sent');
  await expect(again.locator('#net-state')).toHaveText('Online');
  await again.locator('.sync summary').click();
  await expect(again.locator('#last-sync')).toHaveText(/^Last sync: \w{3} \d+ \w{3} \d{4} \d\d:\d\d$/);

  expect(sql(`SELECT COUNT(*) FROM lesson_progress WHERE user_id = ${LEARNER}`)).toBe('2');
  expect(sql(`SELECT COUNT(*) FROM check_attempts WHERE user_id = ${LEARNER}`)).toBe('1');
  const records = sql(`SELECT COUNT(*) FROM sync_records WHERE user_id = ${LEARNER}`);
  expect(Number(records)).toBeGreaterThanOrEqual(3);

  // The same batch again: every record is "duplicate", nothing doubles.
  expect(pushes.length).toBeGreaterThan(0);
  expect(pushes[0].encoding).toBe('gzip');
  const replay = await again.request.post('/api/sync/v1/push', {
    data: pushes[0].body,
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
  });
  expect(replay.status()).toBe(200);
  const { results } = await replay.json();
  expect(results.length).toBeGreaterThan(0);
  for (const result of results) expect(result.status).toBe('duplicate');
  expect(sql(`SELECT COUNT(*) FROM lesson_progress WHERE user_id = ${LEARNER}`)).toBe('2');
  expect(sql(`SELECT COUNT(*) FROM check_attempts WHERE user_id = ${LEARNER}`)).toBe('1');
  expect(sql(`SELECT COUNT(*) FROM sync_records WHERE user_id = ${LEARNER}`)).toBe(records);
});

test('signing out on a shared phone offers to sync, then leaves nothing for the next person', async ({ page }) => {
  await signIn(page, 'learner');
  await expect(page).toHaveURL(/\/learn$/);
  await underServiceWorker(page);
  await page.getByRole('link', { name: 'Open the course' }).click();
  await hydrated(page);
  await page.locator('#download-course').click();
  await expect(page.locator('#saved-offline')).toBeVisible({ timeout: 30_000 });
  const lesson = await page.locator('a.button[href^="/learn/lesson/"]').nth(4).getAttribute('href');

  await server.stop();
  await page.goto(lesson!);
  await hydrated(page);
  await page.locator('#mark-done').click();
  await expect.poll(() => unsynced(page)).toBeGreaterThanOrEqual(1);
  const user = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(user.some((name) => name?.startsWith('sala-'))).toBe(true);

  // Unsent changes: the person is asked first.
  await page.locator('#sign-out').click();
  await expect(page.locator('#sign-out-confirm')).toContainText('have not been sent yet');
  await page.locator('#send-then-sign-out').click();
  // Still offline: nothing is sent, nothing is deleted, the question stays.
  await expect(page.locator('#sync-message')).toHaveText(/No connection to the server/);
  await expect(page.locator('#sign-out-confirm')).toBeVisible();
  await page.locator('#sign-out-anyway').click();
  await expect(page).toHaveURL(/\/offline\?from=%2Flogin$/);

  // The device keeps nothing of them: no database, no saved course, no saved page.
  const left = await page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('sala-')),
    courses: (await caches.keys()).filter((k) => k.startsWith('sala-course-')),
  }));
  expect(left).toEqual({ databases: [], courses: [] });
  await page.goto(lesson!);
  await expect(page).toHaveURL(/\/offline\?from=/);
  await expect(page.locator('body')).not.toContainText('Sok Channa');

  // Back online, the session they left is ended, and the next person starts clean.
  await server.start();
  await page.goto('/learn');
  await expect(page).toHaveURL(/\/login(\?next=[^&]*)?$/);
  await new LoginPage(page).signIn('trainer');
  await expect(page).toHaveURL(/\/teach$/);
  await expect(page.locator('body')).not.toContainText('Sok Channa');
});

test('progress made on one phone reaches the other one by pull', async ({ browser }) => {
  const phones = [await browser.newContext(), await browser.newContext()];
  const [a, b] = await Promise.all(phones.map((c) => c.newPage()));
  for (const page of [a, b]) {
    await signIn(page, 'learner');
    await expect(page).toHaveURL(/\/learn$/);
    await page.getByRole('link', { name: 'Open the course' }).click();
    await hydrated(page);
  }
  const lesson = await a.locator('a.button[href^="/learn/lesson/"]').nth(5).getAttribute('href');
  const id = lesson!.split('/').pop();
  await expect(b.locator(`[data-lesson="${id}"] .if-not-done`)).toBeVisible();

  await a.goto(lesson!);
  await hydrated(a);
  await a.locator('#mark-done').click();
  await expect.poll(() => unsynced(a)).toBe(0);

  // The other phone pulls it ("Sync now"), and shows it without a page load.
  await b.locator('.sync summary').click();
  await b.locator('#sync-now').click();
  await expect(b.locator(`[data-lesson="${id}"]`)).toHaveAttribute('data-done', 'true');
  await expect(b.locator(`[data-lesson="${id}"] .if-done`)).toBeVisible();
  for (const c of phones) await c.close();
});
