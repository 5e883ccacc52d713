import { expect, test, type Page } from '@playwright/test';
import { looksRight, signInContext } from './support/audit';
import { underServiceWorker } from './support/pages';
import { SalaServer } from './support/server';

// A unit's RPL assessment package from the interface alone, on a 360-px screen: a
// curriculum developer finds the unit, writes its "I can …" statements in both
// languages, saves a half-done draft and sees what is left to do, is refused a publish
// while something is, adds an evidence requirement and a task that shows every
// criterion, publishes — and the version is read-only after. With the server stopped,
// the pages seen before open as they were and "Start a new version" goes to the offline
// page, making nothing. An assessor then starts version 2, a copy. In Khmer too; axe
// finds nothing.
const server = new SalaServer(3121);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

const versions = () => Number(server.sql('SELECT COUNT(*) FROM rpl_packages'));

async function statements(page: Page) {
  const boxes = page.locator('[data-criterion]');
  const n = await boxes.count();
  for (let i = 0; i < n; i++) {
    await boxes.nth(i).locator('textarea[lang="km"]').fill(`ខ្ញុំអាចធ្វើការងារ ${i + 1} ដោយសុវត្ថិភាព`);
    await boxes.nth(i).locator('textarea[lang="en"]').fill(`I can do task ${i + 1} safely`);
  }
  return n;
}

test('a curriculum developer writes, publishes and versions a unit’s package', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signInContext(context, 'curriculum');
  await page.goto('/curriculum');
  await underServiceWorker(page);
  await page.locator('#open-packages').click();
  await expect(page.locator('h1')).toHaveText('RPL assessment packages');
  await looksRight(page, 'the units and their packages');
  const unit = page.locator('li[data-unit]').first();
  await expect(unit).toContainText('No package yet');
  await unit.locator('button.start-package').click();
  await expect(page.locator('h1')).toHaveText('RPL assessment package');
  await expect(page.locator('#package-version')).toHaveText('Version 1 · Draft');
  await expect(page.locator('#left-to-do li').first()).toContainText('is not written yet');
  await looksRight(page, 'an empty draft');

  // Half done: the statements only. Saved, with what is left to do.
  const criteria = await statements(page);
  expect(criteria).toBeGreaterThan(1);
  await page.locator('#save-package').click();
  await expect(page.locator('#package-note')).toHaveText('Saved.');
  await expect(page.locator('[data-criterion] textarea[lang="km"]').first()).toHaveValue('ខ្ញុំអាចធ្វើការងារ 1 ដោយសុវត្ថិភាព');
  await expect(page.locator('#left-to-do')).toContainText('asks for no evidence yet');
  await expect(page.locator('#left-to-do')).toContainText('is shown by no task or question');
  // Publishing now: saved, not published.
  await page.locator('#publish-package').click();
  await expect(page.locator('#package-error')).toContainText('not published');
  await expect(page.locator('#package-form')).toBeVisible();

  // An evidence requirement and a task that shows every criterion; then publish.
  await page.locator('#ev-0-kind').selectOption('photo');
  await page.locator('#ev-0-n').fill('3');
  await page.locator('#ev-0-years').fill('2');
  await page.locator('#task-0-km').fill('បិទចរន្ត ហើយពិនិត្យថាគ្មានចរន្ត');
  await page.locator('#task-0-en').fill('Isolate the circuit and prove it dead');
  const boxes = page.locator('fieldset[data-kind="task"][data-row="0"] input[type="checkbox"][name="task.0.c"]');
  await expect(boxes).toHaveCount(criteria);
  for (let i = 0; i < criteria; i++) await boxes.nth(i).check();
  await looksRight(page, 'a draft being written');
  await page.locator('#publish-package').click();
  await expect(page.locator('#package-note')).toHaveText('Published. This version never changes now.');
  await expect(page.locator('#package-version')).toHaveText('Version 1 · Published');
  await expect(page.locator('#package-form')).toHaveCount(0);
  await expect(page.locator('#published-statements li')).toHaveCount(criteria);
  await expect(page.locator('main')).toContainText('Isolate the circuit and prove it dead');
  await looksRight(page, 'a published package');
  const published = page.url().split('?')[0];
  expect(versions()).toBe(1);

  // The server stopped for real: the page opens as it was; a new version makes nothing.
  await page.goto(published);
  await server.stop();
  await page.reload();
  await expect(page.locator('#published-note')).toBeVisible();
  await page.locator('#new-version').click();
  await expect(page).toHaveURL(/\/offline/);
  await server.start();
  expect(versions()).toBe(1);

  // An assessor starts version 2: a copy of version 1, a draft.
  const other = await context.browser()!.newContext({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
  await signInContext(other, 'assessor');
  const assessor = await other.newPage();
  await assessor.goto('/assess');
  await assessor.locator('#open-packages').click();
  await assessor.locator('li[data-unit] button.start-package').first().click();
  await expect(assessor.locator('#package-version')).toHaveText('Version 2 · Draft');
  await expect(assessor.locator('#task-0-en')).toHaveValue('Isolate the circuit and prove it dead');
  await expect(assessor.locator('#nothing-left')).toBeVisible();
  await expect(assessor.locator('ul.versions li')).toHaveCount(2);
  await other.close();
  expect(versions()).toBe(2);

  // In Khmer.
  await context.addCookies([{ name: 'sala_lang', value: 'km', url: server.origin }]);
  await page.goto('/curriculum/packages');
  await expect(page.locator('h1')).toHaveText('កញ្ចប់វាយតម្លៃ RPL');
  await looksRight(page, 'the packages in Khmer');
  await page.locator('li[data-unit] a.button').first().click();
  await expect(page.locator('#package-version')).toHaveText('កំណែ ២ · សេចក្តីព្រាង');
  await looksRight(page, 'a draft in Khmer');
});
