import { expect, test } from '@playwright/test';
import { looksRight, signInContext } from './support/audit';
import { signInAs } from './support/pages';
import { SalaServer } from './support/server';

// An admin opens a class of the published programme from the interface alone, assigns
// its trainer, enrols the class's 40 learners from a pasted list (a stranger in the list
// enrols nobody), and withdraws one; the learner finds the course in My courses, and
// loses it when withdrawn. With the server stopped an enrolment goes to the offline page
// and changes nothing. On a 360-px phone, the 40-learner list fits. A second class is
// enrolled from a spreadsheet file: one without a username column enrols nobody and says
// why; offline, the upload goes to the offline page; online, everyone in it is enrolled.
const server = new SalaServer(3116);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

test('an admin opens a class, assigns its trainer, enrols 40 learners and withdraws one', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const enrolled = (code: string) =>
    Number(server.sql(`SELECT COUNT(*) FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE c.code = '${code}'`));
  await signInAs(page, 'admin');
  await page.locator('#classes-link').click();
  await expect(page.locator('#classes li')).not.toHaveCount(0);
  await looksRight(page, 'the classes');

  // Refused first (no name, a bad code): the reasons, what was typed kept.
  await page.locator('#class-code').fill('x');
  await page.locator('#class-starts').fill('2027-01-11');
  await page.locator('#create-class').click();
  await expect(page.locator('#class-error li')).toHaveCount(2);
  await expect(page.locator('#class-starts')).toHaveValue('2027-01-11');
  await page.locator('#class-code').fill('EI-2027-B');
  await page.locator('#class-name-km').fill('អគ្គិសនី ខ');
  await page.locator('#class-name-en').fill('Electrical B');
  await page.locator('#create-class').click();
  await expect(page.locator('#class-created')).toBeVisible();
  await expect(page.locator('#class-title')).toHaveText('EI-2027-B · Electrical B');

  // Its trainer.
  await page.getByLabel('Lay Sokun (trainer2)').check();
  await page.locator('#save-trainers').click();
  await expect(page.locator('#trainers-saved')).toBeVisible();
  await expect(page.getByLabel('Lay Sokun (trainer2)')).toBeChecked();

  // A list with a stranger: nobody enrolled, the list kept to correct.
  const usernames = ['learner', ...Array.from({ length: 39 }, (_, i) => `learner${String(i + 1).padStart(2, '0')}`)];
  await page.locator('#enrol-usernames').fill(`${usernames.join('\n')}\nnobody`);
  await page.locator('#enrol-button').click();
  await expect(page.locator('#class-error')).toContainText('nobody');
  await expect(page.locator('#enrol-usernames')).toHaveValue(/nobody/);
  expect(enrolled('EI-2027-B')).toBe(0);

  // With the server stopped: the offline page, nothing enrolled.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.locator('#enrol-usernames').fill(usernames.join('\n'));
  await server.stop();
  await page.locator('#enrol-button').click();
  await expect(page).toHaveURL(/\/offline/);
  await server.start();
  expect(enrolled('EI-2027-B')).toBe(0);

  await page.goBack();
  await page.reload();
  await page.locator('#enrol-usernames').fill(usernames.join('\n'));
  await page.locator('#enrol-button').click();
  await expect(page.locator('#learners-enrolled')).toHaveText('Enrolled: 40.');
  await expect(page.locator('#class-learners li')).toHaveCount(40);
  await looksRight(page, 'a class of 40');
  // The 40-learner list fits: every row within the screen's width, none taller than two lines.
  const rows = await page.locator('#class-learners li').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
  expect(rows.every((r) => r.right <= 360 && r.height <= 100)).toBe(true);

  // The learner finds the course; withdrawn, it is gone and the history stays.
  const phone = await browser.newContext({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
  await signInContext(phone, 'learner');
  const learner = await phone.newPage();
  await learner.goto('/learn');
  await expect(learner.locator('body')).toContainText('Electrical B');
  await page.locator('#class-learners li[data-user="learner"] button.withdraw').click();
  await expect(page.locator('#learner-withdrawn')).toBeVisible();
  await expect(page.locator('#class-learners li')).toHaveCount(39);
  await expect(page.locator('#withdrawn')).toContainText('Sok Channa');
  await looksRight(page, 'a class with a withdrawn learner');
  await learner.reload();
  await expect(learner.locator('body')).not.toContainText('Electrical B');
  await phone.close();
});

test('an admin enrols a class from a spreadsheet file', async ({ page }) => {
  test.setTimeout(90_000);
  const enrolled = (code: string) =>
    Number(server.sql(`SELECT COUNT(*) FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE c.code = '${code}'`));
  await signInAs(page, 'admin');
  await page.locator('#classes-link').click();
  await page.locator('#class-code').fill('EI-2027-C');
  await page.locator('#class-name-km').fill('អគ្គិសនី គ');
  await page.locator('#class-name-en').fill('Electrical C');
  await page.locator('#class-starts').fill('2027-01-11');
  await page.locator('#create-class').click();
  await expect(page.locator('#class-created')).toBeVisible();
  await expect(page.locator('#enrol-file-input')).toBeVisible();
  await looksRight(page, 'a class with the file form');

  const file = (text: string) => ({ name: 'class.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  // No username column: nobody, and the reason.
  await page.locator('#enrol-file-input').setInputFiles(file('name_en,phone\nSok Channa,012 345 678\n'));
  await page.locator('#enrol-file-button').click();
  await expect(page).toHaveURL(/error=no_username_column/);
  await expect(page.locator('#class-error')).toContainText('no column headed "username"');
  expect(enrolled('EI-2027-C')).toBe(0);

  const roster = file('\ufeffname_km,name_en,username\nសុខ ចាន់ណា,Sok Channa,learner\nចាន់ ដារា,Chan Dara,learner01\n,,learner02\n');
  // With the server stopped: the offline page, nobody enrolled.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.locator('#enrol-file-input').setInputFiles(roster);
  await server.stop();
  await page.locator('#enrol-file-button').click();
  await expect(page).toHaveURL(/\/offline/);
  await server.start();
  expect(enrolled('EI-2027-C')).toBe(0);
  await page.goBack();
  await page.reload();

  await page.locator('#enrol-file-input').setInputFiles(roster);
  await page.locator('#enrol-file-button').click();
  await expect(page.locator('#learners-enrolled')).toHaveText('Enrolled: 3.');
  await expect(page.locator('#class-learners li')).toHaveCount(3);
  expect(enrolled('EI-2027-C')).toBe(3);
  await looksRight(page, 'a class enrolled from a file');
});
