import { expect, test, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { hydrated, LoginPage, keptOffline, underServiceWorker, unsynced } from './support/pages';
import { SalaServer } from './support/server';

// Self check-in with the server stopped for real on both phones: the trainer's phone
// shows a rotating code and QR code, a learner opens the scanned link (and types codes),
// and the server checks every code when the check-ins arrive: the good one marks the
// learner present, an expired code and a replayed one are refused and shown to both.
const server = new SalaServer(3106);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

async function signIn(page: Page, username: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(username);
}

/** Reads the QR code on the trainer's screen with a real QR decoder. */
async function scan(page: Page): Promise<string> {
  const png = PNG.sync.read(await page.locator('#check-in-qr').screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(found, 'the QR code decodes').not.toBeNull();
  return found!.data;
}

async function shownCode(page: Page): Promise<string> {
  await expect(page.locator('#check-in-code')).toHaveAttribute('data-code', /^\d{6}$/);
  return (await page.locator('#check-in-code').getAttribute('data-code'))!;
}

/** A session of the demo class from now for three hours; its id. */
export function insertSessionStartingNow(on: SalaServer): string {
  const id = crypto.randomUUID();
  const at = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
  on.sql(
    `INSERT INTO class_sessions (id, class_id, activity_id, starts_at, ends_at, place_km, place_en) ` +
    `SELECT '${id}', class_id, activity_id, '${at(Date.now())}', '${at(Date.now() + 3 * 3600_000)}', place_km, place_en ` +
    `FROM class_sessions ORDER BY starts_at LIMIT 1`,
  );
  return id;
}

test('check in offline by scanning the rotating code; expired and replayed codes are refused at sync', async ({ browser }) => {
  const trainerContext = await browser.newContext();
  const learnerContext = await browser.newContext();
  const trainer = await trainerContext.newPage();
  const learner = await learnerContext.newPage();

  // A workshop that starts now (a session's code key is given out only around its own
  // time, whatever time of day the test runs).
  const session = insertSessionStartingNow(server);
  const rollCall = `/teach/session/${session}`;

  // Online once: the trainer's roll calls of today and the learner's check-in page are
  // kept for offline use.
  await signIn(trainer, 'trainer');
  await expect(trainer).toHaveURL(/\/teach$/);
  await underServiceWorker(trainer);
  await expect(trainer.locator(`#today a[href="${rollCall}"]`)).toBeVisible();
  await keptOffline(trainer, rollCall);
  await signIn(learner, 'learner');
  await expect(learner.locator('a[href="/check-in"]')).toBeVisible();
  await underServiceWorker(learner);
  await keptOffline(learner, '/check-in');
  const start = Date.parse(server.sql(`SELECT starts_at FROM class_sessions WHERE id = '${session}'`));
  const name = server.sql("SELECT display_name_en FROM users WHERE username = 'learner'");

  await server.stop();

  // The trainer's phone, offline, a minute into the session: the code and its QR code.
  await trainer.clock.setFixedTime(start + 60_000);
  await trainer.goto(rollCall);
  await hydrated(trainer);
  await trainer.locator('#check-in-open').click();
  await expect(trainer.locator('#check-in-panel')).toBeVisible();
  const early = await shownCode(trainer);
  // Ten seconds later it has changed (and the QR code with it).
  await trainer.clock.setFixedTime(start + 5 * 60_000);
  await expect(trainer.locator('#check-in-code')).not.toHaveAttribute('data-code', early);
  const now = await shownCode(trainer);
  await expect(trainer.locator('#check-in-code')).toHaveText(`${now.slice(0, 3)} ${now.slice(3)}`);
  const link = await scan(trainer);
  expect(link).toBe(`${server.origin}/check-in?s=${session}&c=${now}`);

  // The learner's phone, offline, opens the scanned link a few seconds later.
  await learner.clock.setFixedTime(start + 5 * 60_000 + 4_000);
  await learner.goto(link);
  await hydrated(learner);
  await expect(learner.locator('h1')).toHaveText('Check in');
  await expect(learner.locator('#check-in-result')).toHaveText(/^Checked in at .*Waiting to be sent\.$/);
  // The code is gone from the address: a reload does not check in again.
  await expect(learner).toHaveURL(/\/check-in$/);
  await expect.poll(() => unsynced(learner)).toBe(1);
  await learner.reload();
  await hydrated(learner);
  await expect.poll(() => unsynced(learner)).toBe(1);

  // A bad code is refused on the phone at once, and nothing is written.
  await learner.locator('#check-in-code-input').fill('12 34');
  await learner.locator('#check-in-form button[type="submit"]').click();
  await expect(learner.locator('#check-in-result')).toHaveText('Type the six digits of the code.');
  // The same code again (a replay), and the code shown at the start, typed eight
  // minutes later (expired), both for this session.
  await learner.locator('#check-in-session').selectOption(session);
  await learner.clock.setFixedTime(start + 9 * 60_000);
  for (const code of [now, early]) {
    await learner.locator('#check-in-code-input').fill(code);
    await learner.locator('#check-in-form button[type="submit"]').click();
  }
  await expect.poll(() => unsynced(learner)).toBe(3);
  expect(await learner.locator('#check-in-code-input').inputValue()).toBe('');

  // Back online: the learner's phone syncs; the server checks each code.
  await server.start();
  await learner.locator('#unsynced').click();
  await learner.locator('#sync-now').click();
  await expect.poll(() => unsynced(learner), { timeout: 15_000 }).toBe(0);
  // The learner is told only that they were not accepted (no oracle for guessing);
  // the trainer sees why.
  const refused = learner.locator('#refused-list li');
  await expect(refused).toHaveCount(2);
  await expect(refused.filter({ hasText: 'Not accepted' })).toHaveCount(2);
  await expect(learner.locator('#refused-list')).not.toContainText('expired');
  await expect(learner.locator('#check-in-result')).toContainText(/Check-in not accepted|Checked in at/);

  expect(server.sql(
    `SELECT am.status || ' by ' || u.username FROM attendance_marks am JOIN users u ON u.id = am.author_id ` +
    `WHERE am.session_id = '${session}' AND am.learner_id = (SELECT id FROM users WHERE username = 'learner')`,
  )).toBe('present by learner');
  expect(server.sql(`SELECT reason FROM check_in_refusals WHERE session_id = '${session}' ORDER BY reason`)).toBe('expired_code\nreplayed_code');

  // The trainer, back online, sees the learner present and the refused check-ins.
  await trainer.clock.setFixedTime(Date.now());
  await trainer.reload();
  await hydrated(trainer);
  const row = trainer.locator('.roll-row', { hasText: name });
  await expect(row.locator('.roll-status')).toHaveText('Present');
  const refusals = trainer.locator('#check-in-refusals li');
  await expect(refusals).toHaveCount(2);
  await expect(refusals.filter({ hasText: 'this code was already used' })).toContainText(name);
  await expect(refusals.filter({ hasText: 'the code had expired' })).toContainText(name);

  await trainerContext.close();
  await learnerContext.close();
});

test('the check-in page and the trainer\'s code are in Khmer too', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'km-KH' });
  const page = await context.newPage();
  await signIn(page, 'learner');
  await page.goto('/check-in');
  await hydrated(page);
  await expect(page.locator('h1')).toHaveText('ចុះវត្តមាន');
  await expect(page.locator('#check-in-form button[type="submit"]')).toHaveText('ចុះវត្តមាន');
  await page.locator('#check-in-code-input').fill('12');
  await page.locator('#check-in-form button[type="submit"]').click();
  await expect(page.locator('#check-in-result')).toHaveText('សូមវាយលេខប្រាំមួយខ្ទង់នៃលេខកូដ។');
  await context.close();

  const trainerContext = await browser.newContext({ locale: 'km-KH' });
  const trainer = await trainerContext.newPage();
  await signIn(trainer, 'trainer');
  await trainer.goto(`/teach/session/${insertSessionStartingNow(server)}`);
  await hydrated(trainer);
  await expect(trainer.locator('#check-in-open')).toHaveText('បង្ហាញលេខកូដចុះវត្តមាន');
  await trainer.locator('#check-in-open').click();
  await expect(trainer.locator('#check-in-panel h2')).toHaveText('ការចុះវត្តមានដោយខ្លួនឯង');
  await expect(trainer.locator('#check-in-ticks')).toHaveText(/^ប្តូរក្នុង [០-៩]+ វិនាទី$/);
  await trainerContext.close();
});

test('a check-in link opened signed out comes back after signing in, with its code', async ({ page }) => {
  const session = server.sql(
    "SELECT s.id FROM class_sessions s JOIN enrolments e ON e.class_id = s.class_id " +
    "WHERE e.learner_id = (SELECT id FROM users WHERE username = 'learner') ORDER BY s.starts_at DESC LIMIT 1",
  );
  await page.goto(`/check-in?s=${session}&c=654321`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await new LoginPage(page).signIn('learner');
  await hydrated(page);
  await expect(page.locator('h1')).toHaveText('Check in');
  await expect(page).toHaveURL(/\/check-in$/);
  // Written on the phone and sent: this made-up code is then refused (the learner is
  // not told why: no oracle for guessing).
  await expect(page.locator('#check-in-result')).toHaveText(/^Check-in not accepted/, { timeout: 15_000 });
  expect(server.sql(`SELECT COUNT(*) FROM check_in_refusals WHERE session_id = '${session}'`)).toBe('1');
});
