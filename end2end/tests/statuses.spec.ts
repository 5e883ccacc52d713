import { expect, test, type Browser, type Page } from '@playwright/test';
import { hydrated, LoginPage, underServiceWorker, unsynced } from './support/pages';
import { SalaServer } from './support/server';

// A refusal that depends on what an admin may change again is not final: a trainer's
// mark made with a status the admin renamed meanwhile waits on the phone, says why, and
// goes through once the status is back. Never lost.
const server = new SalaServer(3110);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: server.origin })).newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(username);
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

/** The admin sets the code of the second status (Late) to `code`. */
async function setSecondStatusCode(admin: Page, code: string) {
  await admin.goto('/admin/attendance');
  const rows = admin.locator('#attendance-settings tbody tr');
  await expect(rows).toHaveCount(5, { timeout: 10_000 });
  await rows.nth(1).locator('input[name="code_1"]').fill(code);
  await admin.locator('#save-settings').click();
  await expect(admin.locator('#settings-saved')).toHaveText('Saved.');
}

test('a mark made offline with a status the admin renamed meanwhile waits, says why, and passes once it is back', async ({ browser }) => {
  const trainer = await signedIn(browser, 'trainer');
  await underServiceWorker(trainer);
  const rollCall = await trainer.locator('#today a[href^="/teach/session/"]').first().getAttribute('href');
  const session = rollCall!.split('/').pop();
  await trainer.goto(rollCall!);
  await hydrated(trainer);
  await expect.poll(() => unsynced(trainer)).toBe(0);

  // In the workshop with no network: the first learner is late (two taps: present, late).
  await server.stop();
  const row = trainer.locator('.roll-row').first();
  const learner = await row.getAttribute('data-learner');
  await row.locator('.roll-tap').click();
  await row.locator('.roll-tap').click();
  await expect(row.locator('.roll-status')).toHaveText('Late');
  await expect.poll(() => unsynced(trainer)).toBe(2);

  // Meanwhile the admin renamed "late" to "tardy".
  await server.start();
  const admin = await signedIn(browser, 'admin');
  await setSecondStatusCode(admin, 'tardy');

  // Back online: "present" goes, "late" waits on the phone with its reason.
  await trainer.locator('.sync summary').click();
  await trainer.locator('#sync-now').click();
  await expect.poll(() => server.sql(`SELECT COUNT(*) FROM attendance_marks WHERE session_id = '${session}'`), { timeout: 20_000 }).toBe('1');
  await expect.poll(() => unsynced(trainer), { timeout: 20_000 }).toBe(1);
  await expect(trainer.locator('#unsynced-list')).toContainText('this status is not used by your institute');
  await expect(trainer.locator('#unsynced-list')).toBeVisible();

  // The admin puts "late" back: the waiting mark goes on the next attempt, as it was made.
  await setSecondStatusCode(admin, 'late');
  await trainer.locator('#sync-now').click();
  await expect.poll(() => unsynced(trainer), { timeout: 20_000 }).toBe(0);
  expect(server.sql(`SELECT COUNT(*) FROM attendance_marks WHERE session_id = '${session}' AND learner_id = '${learner}' AND status = 'late'`)).toBe('1');
  expect(server.sql(`SELECT COUNT(*) FROM attendance_marks WHERE session_id = '${session}'`)).toBe('2');
});
