import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { looksRight } from './support/audit';
import { hydrated, underServiceWorker } from './support/pages';
import { ROOT, SalaServer } from './support/server';

// National administration from the interface alone, on a 360-px phone, starting from the
// command line as a new server would: `sala national-admin` prints a slip; with it the
// national administrator sets their password, lands on the institutes, adds one (a
// refused form keeps what was typed and says every reason), prints its first admin's
// slip; that admin, on their own phone, sets their password and finds their own empty
// institute. With the server stopped, the pages seen before open as they were and a new
// institute goes to the offline page, changing nothing. In Khmer too; axe finds nothing.
const server = new SalaServer(3120);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

/** `sala national-admin <username>` against the running server's database: the code it prints. */
function nationalAdminSlip(username: string): string {
  const out = execFileSync(server.build.binary, ['national-admin', username], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: server.databaseUrl, SALA_LOG: 'warn' },
    encoding: 'utf8',
  });
  const code = out.match(/code ([A-Z2-9]{4}-[A-Z2-9]{4})/);
  expect(code, out).not.toBeNull();
  return code![1];
}

async function setPassword(page: import('@playwright/test').Page, username: string, code: string, password: string) {
  await page.goto('/login');
  await page.locator('#slip-link').click();
  await page.locator('#slip-username').fill(username);
  await page.locator('#slip-code').fill(code);
  await page.locator('#slip-password').fill(password);
  await page.locator('#slip-again').fill(password);
  await page.locator('#set-password').click();
}

test('a national administrator starts an institute, whose first admin signs in with the slip', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await setPassword(page, 'dgtvet', nationalAdminSlip('dgtvet'), 'national office 1');
  await expect(page).toHaveURL(/\/national$/);
  await expect(page.locator('h1')).toHaveText('National administrator');
  await expect(page.locator('#institutes tr[data-code="PTC-KPC"]')).toContainText('Kampong Cham');
  await expect(page.locator('#institutes tbody tr')).toHaveCount(1);
  await looksRight(page, 'the institutes');
  await underServiceWorker(page);

  await page.locator('#add-institute').click();
  await expect(page.locator('h1')).toHaveText('Add an institute');
  await page.locator('#code').fill('PTC KPC');
  await page.locator('#admin-name-km').fill('ចាន់ ដារ៉ា');
  await page.locator('#create-institute').click();
  await expect(page.locator('#institute-error li')).toHaveCount(2);
  await expect(page.locator('#institute-error')).toContainText('capital letters');
  await expect(page.locator('#admin-name-km')).toHaveValue('ចាន់ ដារ៉ា');
  await looksRight(page, 'a refused new institute');

  await page.locator('#code').fill('ptc-svr');
  await page.locator('#name-km').fill('មជ្ឈមណ្ឌលបណ្តុះបណ្តាលខេត្តស្វាយរៀង');
  await page.locator('#name-en').fill('Svay Rieng Provincial Training Centre');
  await page.locator('#admin-name-en').fill('Chan Dara');
  await page.locator('#admin-phone').fill('012 345 678');
  await page.locator('#create-institute').click();
  const slip = page.locator('.slip');
  await expect(slip).toHaveCount(1);
  await expect(slip).toContainText('ចាន់ ដារ៉ា');
  const username = (await slip.locator('.slip-username').textContent())!.trim();
  const code = (await slip.locator('.slip-code').textContent())!.trim();
  expect(username).toBe('chan.dara');
  await looksRight(page, "the first admin's slip");
  await page.locator('#back-from-slips').click();
  await expect(page.locator('#institute-name')).toHaveText('Svay Rieng Provincial Training Centre');
  await expect(page.locator('#institute-code')).toHaveText('PTC-SVR');
  await expect(page.locator('#institute-admins li')).toHaveCount(1);
  await expect(page.locator('#institute-admins .admin-status')).toContainText('Has not signed in yet');
  await looksRight(page, "an institute's page");
  await page.goto('/national');
  await expect(page.locator('#institutes tbody tr')).toHaveCount(2);

  // The server stopped for real: the pages open as last seen; a new institute goes to
  // the offline page and nothing is made.
  await server.stop();
  await page.reload();
  await expect(page.locator('#institutes tr[data-code="PTC-SVR"]')).toBeVisible();
  await page.goto('/national/institutes/new');
  await page.locator('#code').fill('PTC-TKO');
  await page.locator('#name-en').fill('Takeo');
  await page.locator('#admin-name-en').fill('Lim Sokha');
  await page.locator('#create-institute').click();
  await expect(page).toHaveURL(/\/offline/);
  await server.start();
  expect(server.sql(`SELECT COUNT(*) FROM institutes WHERE code = 'PTC-TKO'`)).toBe('0');

  // The first admin, on their own phone: their own institute, with only themselves in it.
  const phone = await browser.newContext({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
  const theirs = await phone.newPage();
  await theirs.goto('/login');
  await hydrated(theirs);
  await setPassword(theirs, username, code, 'svay rieng 2026');
  await expect(theirs).toHaveURL(/\/admin$/);
  await expect(theirs.locator('h1')).toHaveText('Institute admin');
  await theirs.locator('#people-link').click();
  await expect(theirs.locator('#people tbody tr')).toHaveCount(1);
  await expect(theirs.locator('#people')).toContainText('Chan Dara');
  await phone.close();

  // The national administrator sees that they can sign in now; and in Khmer.
  await page.goto('/national');
  await page.locator('#institutes tr[data-code="PTC-SVR"] a').click();
  await expect(page.locator('#institute-admins .admin-status')).toHaveText('Can sign in');
  await page.context().addCookies([{ name: 'sala_lang', value: 'km', url: server.origin }]);
  await page.goto('/national');
  await expect(page.locator('h1')).toHaveText('អ្នកគ្រប់គ្រងថ្នាក់ជាតិ');
  await expect(page.locator('#institutes tr[data-code="PTC-SVR"]')).toContainText('ស្វាយរៀង');
  await looksRight(page, 'the institutes in Khmer');
  await page.goto('/national/institutes/new');
  await looksRight(page, 'a new institute in Khmer');
});
