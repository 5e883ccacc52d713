import { expect, test, type Page } from '@playwright/test';
import { hydrated, LoginPage, keptOffline, underServiceWorker, unsynced } from './support/pages';
import { SalaServer } from './support/server';

// Trainers take attendance with the server stopped for real; marks reach the database
// once it is back, and two trainers' different marks become a decision, not a loss.
const server = new SalaServer(3105);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

const sql = (query: string) => server.sql(query);

async function signIn(page: Page, username: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(username);
  await expect(page).toHaveURL(/\/teach$/);
}

test('mark a class of 40 offline, with a late and a note; the marks survive a reload and sync', async ({ page }) => {
  await signIn(page, 'trainer');
  await underServiceWorker(page);
  const rollCall = await page.locator('#today a[href^="/teach/session/"]').first().getAttribute('href');
  const session = rollCall!.split('/').pop();
  // Today's roll calls are kept for offline use without being opened.
  await keptOffline(page, rollCall);

  await server.stop();
  await page.goto(rollCall!);
  await expect(page.locator('h1')).toHaveText('Roll call');
  await hydrated(page);
  await expect(page.locator('#unmarked')).toHaveText('40 not marked yet');

  const rows = page.locator('.roll-row');
  await expect(rows).toHaveCount(40);
  const started = Date.now();
  let taps = 0;
  for (let i = 0; i < 30; i++) {
    await rows.nth(i).locator('.roll-tap').click();
    taps++;
  }
  await expect(page.locator('#unmarked')).toHaveText('10 not marked yet');
  // The second learner is late: one more tap, then minutes and a note.
  await rows.nth(1).locator('.roll-tap').click();
  await rows.nth(1).locator('.roll-more').click();
  await rows.nth(1).locator('input.minutes').fill('15');
  await rows.nth(1).locator('input.note').fill('Bus from Kampong Cham');
  await rows.nth(1).locator('button.save').click();
  await expect(rows.nth(1).locator('.roll-status')).toHaveText('Late · 15 min');
  // The other ten: "Mark everyone present" (with an undo that is not used).
  await page.locator('#all-present').click();
  taps++;
  await expect(page.locator('#unmarked')).toHaveText('0 not marked yet');
  await expect(page.locator('#undo-all-present')).toBeVisible();
  console.log(`marked a class of 40 in ${Date.now() - started} ms with ${taps} taps (plus 4 for a late with minutes and a note)`);
  // Written once the undo window has passed.
  await expect.poll(() => unsynced(page), { timeout: 15_000 }).toBe(42);

  await page.reload();
  await hydrated(page);
  await expect(page.locator('#unmarked')).toHaveText('0 not marked yet');
  await expect(rows.nth(0).locator('.roll-status')).toHaveText('Present');
  await expect(rows.nth(1).locator('.roll-status')).toHaveText('Late · 15 min');
  expect(sql(`SELECT COUNT(*) FROM attendance_marks WHERE session_id = '${session}'`)).toBe('0');

  // Back online: one sync, and the bytes it took.
  await server.start();
  let pushed = 0;
  page.on('requestfinished', async (request) => {
    if (request.url().endsWith('/api/sync/v1/push')) pushed += (await request.sizes()).requestBodySize;
  });
  await page.locator('.sync summary').click();
  await page.locator('#sync-now').click();
  await expect.poll(() => unsynced(page), { timeout: 20_000 }).toBe(0);
  console.log(`sync of ${sql(`SELECT COUNT(*) FROM attendance_marks WHERE session_id = '${session}'`)} mark versions (40 learners): ${pushed} bytes pushed`);
  expect(pushed).toBeLessThanOrEqual(8 * 1024);
  expect(sql(`SELECT COUNT(DISTINCT learner_id) FROM attendance_marks WHERE session_id = '${session}'`)).toBe('40');
  expect(sql(`SELECT status || '|' || minutes_late || '|' || note FROM attendance_marks WHERE session_id = '${session}' AND minutes_late > 0`))
    .toBe('late|15|Bus from Kampong Cham');
  // The class's attendance: the late mark, rates, the demo's at-risk learner, history.
  await page.goto(rollCall!);
  await page.getByRole('link', { name: 'Class attendance' }).click();
  await expect(page.locator('h1')).toHaveText('Class attendance');
  const table = page.locator('#attendance-table');
  await expect(table.locator('tbody tr')).toHaveCount(40);
  await expect(table.locator('tr', { hasText: 'Ly Vanna' })).toContainText('At risk');
  await expect(page.locator('#at-risk-count')).toHaveText(/^\d+ at risk$/);
  await expect(page.locator('#export-csv')).toHaveAttribute('href', /attendance\.csv$/);
  // Today shows how many are marked.
  await page.goto('/teach');
  await expect(page.locator(`#today a[href="${rollCall}"]`).locator('xpath=ancestor::article')).toContainText('40 of 40 marked');
});

test('two trainers mark the same learner differently offline: a decision, then both agree', async ({ browser }) => {
  const contexts = [await browser.newContext(), await browser.newContext()];
  const [a, b] = await Promise.all(contexts.map((c) => c.newPage()));
  await signIn(a, 'trainer');
  await signIn(b, 'trainer2');
  // A session of the coming days, nobody marked yet.
  const rollCall = await a.locator('a[href^="/teach/session/"]').nth(1).getAttribute('href');
  for (const page of [a, b]) {
    await underServiceWorker(page);
    await page.goto(rollCall!);
    await hydrated(page);
  }
  await server.stop();
  const row = (page: Page) => page.locator('.roll-row').first();
  await row(a).locator('.roll-tap').click(); // present
  await row(b).locator('.roll-tap').click(); // present
  await row(b).locator('.roll-tap').click(); // late
  await row(b).locator('.roll-tap').click(); // absent
  await expect(row(a).locator('.roll-status')).toHaveText('Present');
  await expect(row(b).locator('.roll-status')).toHaveText('Absent');

  await server.start();
  for (const page of [a, b]) {
    await page.locator('.sync summary').click();
    await page.locator('#sync-now').click();
    await expect.poll(() => unsynced(page), { timeout: 20_000 }).toBe(0);
  }
  // The first to sync learns of the other's mark at the next sync.
  await a.locator('#sync-now').click();
  for (const page of [a, b]) {
    await expect(page.locator('#decisions')).toContainText('Needs your decision');
    await expect(page.locator('#decisions')).toContainText('Seang Vuthy');
    await expect(page.locator('#decisions')).toContainText('Lay Sokun');
  }
  // Trainer A keeps "Absent" (B's version).
  await a.locator('#decisions li li', { hasText: 'Absent' }).locator('button.keep').click();
  await expect(a.locator('#decisions')).toBeHidden();
  await expect(row(a).locator('.roll-status')).toHaveText('Absent');
  await expect.poll(() => unsynced(a), { timeout: 20_000 }).toBe(0);
  await b.locator('#sync-now').click();
  await expect(b.locator('#decisions')).toBeHidden();
  await expect(row(b).locator('.roll-status')).toHaveText('Absent');
  for (const c of contexts) await c.close();
});

test('with the server stopped, a class attendance page seen before still opens; a settings change waits for the network and changes nothing', async ({ browser }) => {
  const trainerContext = await browser.newContext();
  const trainer = await trainerContext.newPage();
  await signIn(trainer, 'trainer');
  await underServiceWorker(trainer);
  const rollCall = await trainer.locator('#today a[href^="/teach/session/"]').first().getAttribute('href');
  await trainer.goto(rollCall!);
  await trainer.getByRole('link', { name: 'Class attendance' }).click();
  await expect(trainer.locator('#attendance-table tbody tr')).toHaveCount(40);
  const classPage = trainer.url();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const login = new LoginPage(admin);
  await login.goto();
  await login.signIn('admin');
  await underServiceWorker(admin);
  await admin.goto('/admin/attendance');
  await expect(admin.locator('#threshold')).toHaveValue('80');

  await server.stop();
  await trainer.goto(classPage);
  await expect(trainer.locator('h1')).toHaveText('Class attendance');
  await expect(trainer.locator('#attendance-table tbody tr')).toHaveCount(40);
  await expect(trainer.locator('#attendance-table tr', { hasText: 'Ly Vanna' })).toContainText('At risk');

  await admin.locator('#threshold').fill('60');
  await admin.locator('#save-settings').click();
  await expect(admin).toHaveURL(/\/offline/);
  await expect(admin.locator('h1')).toHaveText('You are offline');
  await server.start();
  expect(sql("SELECT attendance_threshold FROM institutes")).toBe('80');
  await admin.goto('/admin/attendance');
  await expect(admin.locator('#threshold')).toHaveValue('80');
  await trainerContext.close();
  await adminContext.close();
});
