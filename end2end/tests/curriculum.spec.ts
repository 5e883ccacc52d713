import { expect, test } from '@playwright/test';
import { LoginPage, underServiceWorker } from './support/pages';
import { SalaServer } from './support/server';

// The curriculum team imports a competency standard from the interface alone (the
// template downloaded from Sala, filled in, uploaded), sees every problem of a broken
// file with nothing saved, and opens what it imported. With the server stopped, the
// pages seen before open; an import waits for the network and saves nothing.
const server = new SalaServer(3111);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

test('import a standard from the template, see a broken file refused, open it offline', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('curriculum');
  await expect(page).toHaveURL(/\/curriculum$/);
  await underServiceWorker(page);
  await page.locator('#open-standards').click();
  await expect(page.locator('h1')).toHaveText('Competency standards');
  await expect(page.locator('#standards')).toContainText('ELE-CQF2-EI');

  // The template, as a person downloads it from the page.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#template').click()]);
  const template = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
  expect(template).toContain('criterion_km');
  const filled = template.replaceAll('ELE-CQF2-EI', 'EI-E2E');

  // A broken copy first: every problem with its row and column, nothing saved.
  const broken = filled.replace(',core,', ',optional,');
  // (The first core unit's first row; the header is row 1.)
  const row = filled.split('\r\n').findIndex((line) => line.includes(',core,')) + 1;
  await page.locator('#standard-file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await page.locator('#import-button').click();
  await expect(page.locator('#import-report')).toContainText('broken.csv was not imported');
  await expect(page.locator('#import-problems li').first()).toContainText(`Row ${row}, column H (unit_kind)`);
  expect(server.sql("SELECT COUNT(*) FROM qualifications WHERE code = 'EI-E2E'")).toBe('0');

  await page.locator('#standard-file').setInputFiles({ name: 'ei.csv', mimeType: 'text/csv', buffer: Buffer.from(filled) });
  await page.locator('#import-button').click();
  await expect(page.locator('#import-report')).toContainText('Imported ei.csv');
  expect(server.sql("SELECT COUNT(*) FROM qualifications WHERE code = 'EI-E2E'")).toBe('1');
  await page.locator('#import-report a').click();
  await expect(page.locator('#standard-title')).toContainText('EI-E2E');
  await expect(page.locator('#exports a')).toHaveCount(3);
  const standardPage = page.url();

  // Offline: what was seen opens; an import needs the network and saves nothing.
  await page.goto('/curriculum/standards');
  await server.stop();
  await page.goto(standardPage);
  await expect(page.locator('#standard-title')).toContainText('EI-E2E');
  await page.goto('/curriculum/standards');
  await page.locator('#standard-file').setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from(filled.replaceAll('EI-E2E', 'EI-OFF')) });
  await page.locator('#import-button').click();
  await expect(page).toHaveURL(/\/offline/);
  await server.start();
  expect(server.sql("SELECT COUNT(*) FROM qualifications WHERE code = 'EI-OFF'")).toBe('0');
});
