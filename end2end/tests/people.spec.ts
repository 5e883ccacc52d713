import { expect, test } from '@playwright/test';
import { looksRight } from './support/audit';
import { hydrated, LoginPage, signInAs } from './support/pages';
import { SalaServer } from './support/server';

// An admin adds a person from the interface alone and prints their sign-in slip; the
// person, on their own phone, sets their password with the slip's one-time code (with
// the server stopped, the form goes to the offline page and the slip stays unused) and
// lands on their home page; the code does not work twice. Deactivated, they are signed
// out at once and told why when they try again. All on a 360-px screen.
const server = new SalaServer(3115);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

test('an admin adds a person, prints a slip, and the person sets their own password with it', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'admin');
  await page.locator('#people-link').click();
  await expect(page.locator('#people')).toBeVisible();
  await looksRight(page, 'the people');
  await page.locator('#add-person').click();

  // Nothing typed: every reason at once, nothing added.
  await page.locator('#phone').fill('12ab');
  await page.locator('#save-person').click();
  await expect(page.locator('#person-error li')).toHaveCount(2);
  await expect(page.locator('#phone')).toHaveValue('12ab');
  await looksRight(page, 'a refused new person');

  await page.locator('#name-km').fill('ចាន់ ស្រីនិច');
  await page.locator('#name-en').fill('Chan Sreynich');
  await page.locator('#role').selectOption('learner');
  await page.locator('#phone').fill('012 345 678');
  await page.locator('#save-person').click();
  await expect(page.locator('#person-added')).toBeVisible();
  await expect(page.locator('#person-name')).toHaveText('Chan Sreynich');
  await expect(page.locator('#person-status')).toHaveText('Has not signed in yet');
  await looksRight(page, 'a new person');
  const person = page.url().split('?')[0];

  await page.locator('#issue-slip').click();
  const slip = page.locator('.slip');
  await expect(slip).toHaveCount(1);
  await expect(slip).toContainText('ចាន់ ស្រីនិច');
  const username = (await slip.locator('.slip-username').textContent())!.trim();
  const code = (await slip.locator('.slip-code').textContent())!.trim();
  expect(username).toBe('chan.sreynich');
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await looksRight(page, 'the slip');

  // Their own phone.
  const phone = await browser.newContext({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
  const theirs = await phone.newPage();
  await theirs.goto('/login');
  await hydrated(theirs);
  await theirs.evaluate(async () => { await navigator.serviceWorker.ready; });
  await theirs.locator('#slip-link').click();
  await expect(theirs.locator('#slip-form')).toBeVisible();
  await looksRight(theirs, 'setting a password with a slip');
  await theirs.locator('#slip-username').fill(username);
  await theirs.locator('#slip-code').fill(code.toLowerCase());
  await theirs.locator('#slip-password').fill('my own password');
  await theirs.locator('#slip-again').fill('my own password');

  // The server stopped for real: the offline page, and the slip stays unused.
  await server.stop();
  await theirs.locator('#set-password').click();
  await expect(theirs).toHaveURL(/\/offline/);
  await server.start();
  expect(server.sql(`SELECT COUNT(*) FROM sign_in_slips WHERE used_at IS NULL AND user_id = '${person.split('/').pop()}'`)).toBe('1');

  // Online again: a typo is refused with the reason, then it works.
  await theirs.goto('/login/slip');
  await theirs.locator('#slip-username').fill(username);
  await theirs.locator('#slip-code').fill(code);
  await theirs.locator('#slip-password').fill('my own password');
  await theirs.locator('#slip-again').fill('my own passwort');
  await theirs.locator('#set-password').click();
  await expect(theirs.locator('#slip-error')).toHaveText('The two passwords are not the same.');
  await expect(theirs.locator('#slip-username')).toHaveValue(username);
  await theirs.locator('#slip-code').fill(code);
  await theirs.locator('#slip-password').fill('my own password');
  await theirs.locator('#slip-again').fill('my own password');
  await theirs.locator('#set-password').click();
  await expect(theirs).toHaveURL(/\/learn$/);
  await expect(theirs.locator('body')).toContainText('Chan Sreynich');

  // The admin sees that they can sign in now; the code is spent.
  await page.goto(person);
  await expect(page.locator('#person-status')).toHaveText('Can sign in');
  const other = await browser.newContext({ baseURL: server.origin });
  const again = await other.newPage();
  await again.goto('/login/slip');
  await again.locator('#slip-username').fill(username);
  await again.locator('#slip-code').fill(code);
  await again.locator('#slip-password').fill('someone else');
  await again.locator('#slip-again').fill('someone else');
  await again.locator('#set-password').click();
  await expect(again.locator('#slip-error')).toContainText('not a valid slip');

  // Deactivated: signed out on their phone at once, and told why when they try again.
  await page.locator('#toggle-active').click();
  await expect(page.locator('#person-deactivated')).toBeVisible();
  await expect(page.locator('#person-status')).toHaveText('Deactivated');
  await looksRight(page, 'a deactivated person');
  await theirs.goto('/learn');
  await expect(theirs).toHaveURL(/\/login/);
  const login = new LoginPage(theirs);
  await login.signIn(username, 'my own password');
  await expect(login.error()).toHaveText("This account has been deactivated. Ask your institute's admin.");
  await phone.close();
  await other.close();
});

test('an admin imports a class list from a spreadsheet and prints everyone\'s slips', async ({ page }) => {
  test.setTimeout(120_000);
  const learners = () => Number(server.sql("SELECT COUNT(*) FROM users WHERE role = 'learner'"));
  const before = learners();
  const family = [['សុខ', 'Sok'], ['ចាន់', 'Chan'], ['លី', 'Ly'], ['ហេង', 'Heng'], ['ម៉ៅ', 'Mao']];
  const given = [['រតនា', 'Ratana'], ['សុភា', 'Sophea'], ['វិចិត្រ', 'Vichet'], ['បូរ៉ា', 'Bora'], ['ម៉ាលី', 'Maly'], ['ធីតា', 'Thida'], ['វណ្ណា', 'Vanna'], ['ពៅ', 'Pov']];
  const rows = ['name_km,name_en,username,phone'];
  for (const [gk, ge] of given) for (const [fk, fe] of family) rows.push(`${fk} ${gk},${fe} ${ge},,097 ${rows.length.toString().padStart(3, '0')} 111`);
  const list = Buffer.from(`\ufeff${rows.join('\r\n')}\r\n`, 'utf8');
  expect(rows.length).toBe(41);

  await signInAs(page, 'admin');
  await page.goto('/admin/people');
  await page.locator('#import-people-link').click();
  await expect(page.locator('#people-template')).toHaveAttribute('href', '/admin/people/template.csv');
  await looksRight(page, 'the import page');

  // With the server stopped the upload goes to the offline page, and nothing is added.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await page.locator('#people-file').setInputFiles({ name: 'class-a.csv', mimeType: 'text/csv', buffer: list });
  await server.stop();
  await page.locator('#import-button').click();
  await expect(page).toHaveURL(/\/offline/);
  await server.start();
  expect(learners()).toBe(before);

  // A broken file: every problem with its row, nothing added.
  await page.goto('/admin/people/import');
  const broken = Buffer.from('name_km,name_en,username,phone\r\nសុខ ដារា,Sok Dara,,\r\n,,,12\r\n', 'utf8');
  await page.locator('#people-file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: broken });
  await page.locator('#import-button').click();
  await expect(page.locator('#import-problems')).toContainText('broken.csv was not imported');
  await expect(page.locator('#import-problems li')).toHaveCount(2);
  await looksRight(page, 'a refused import');
  expect(learners()).toBe(before);

  // The class list: 40 added, listed, and their 40 slips printed at once.
  await page.locator('#people-file').setInputFiles({ name: 'class-a.csv', mimeType: 'text/csv', buffer: list });
  await page.locator('#import-button').click();
  await expect(page.locator('#import-done')).toContainText('class-a.csv: 40 learners added; 0 were already here.');
  await expect(page.locator('#imported tbody tr')).toHaveCount(40);
  await looksRight(page, 'an import done');
  expect(learners()).toBe(before + 40);
  await page.locator('#print-imported-slips').click();
  await expect(page.locator('.slip')).toHaveCount(40);
  await expect(page.locator('.slip', { hasText: 'សុខ រតនា' })).toHaveCount(1);
  await looksRight(page, '40 slips');

  // The same file again adds nobody.
  await page.goto('/admin/people/import');
  await page.locator('#people-file').setInputFiles({ name: 'class-a.csv', mimeType: 'text/csv', buffer: list });
  await page.locator('#import-button').click();
  await expect(page.locator('#import-done')).toContainText('0 learners added; 40 were already here.');
  expect(learners()).toBe(before + 40);
});
