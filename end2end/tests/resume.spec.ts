import { expect, test } from '@playwright/test';
import { hydrated, LoginPage, underServiceWorker, unsynced } from './support/pages';
import { SalaServer } from './support/server';

// The server goes away while the browser still believes it is online (a server down, a
// captive portal, a weak signal that never fires `offline`/`online`): unsent changes go
// by themselves once it is back — no tap, no reload.
const server = new SalaServer(3107);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

test('sync resumes by itself when the server comes back, and says when it will try', async ({ page }) => {
  test.setTimeout(120_000);
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('learner');
  await underServiceWorker(page);
  await page.getByRole('link', { name: 'Open the course' }).click();
  await page.locator('a.button[href^="/learn/lesson/"]').first().click();
  await hydrated(page);
  const lesson = new URL(page.url()).pathname.split('/').pop();

  await server.stop();
  expect(await page.evaluate(() => navigator.onLine)).toBe(true);
  await page.locator('#mark-done').click();
  await expect(page.locator('#lesson-done')).toBeVisible();
  await expect.poll(() => unsynced(page)).toBe(1);
  // The attempt that followed the write failed: the panel says when the next one runs.
  await page.locator('.sync > summary').click();
  await expect(page.locator('#next-try')).toHaveText(/^Next try: \d\d:\d\d:\d\d$/, { timeout: 10_000 });

  await server.start();
  const back = Date.now();
  // Nothing is tapped or reloaded: the retry (15 s at first) sends it.
  await expect.poll(() => unsynced(page), { timeout: 45_000, intervals: [500] }).toBe(0);
  console.log(`unsent change reached the server ${Date.now() - back} ms after it came back, with no tap`);
  expect(server.sql(`SELECT COUNT(*) FROM lesson_progress WHERE lesson_id = '${lesson}'`)).toBe('1');
  await expect(page.locator('#next-try')).toHaveText('');
});
