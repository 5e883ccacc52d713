import { expect, test, type Page } from '@playwright/test';
import { looksRight, signInContext } from './support/audit';
import { underServiceWorker } from './support/pages';
import { SalaServer } from './support/server';

// An RPL application from the interface alone, on 360-px phones: the curriculum team
// publishes a unit's package; a candidate applies for it from their home; the admin
// accepts, is refused the candidate's own trainer as assessor (with the reason), and
// assigns the assessor, who finds it on their home; the candidate says their evidence is
// ready and sees where it is. With the server stopped, the candidate's page opens as it
// was and a step goes to the offline page, changing nothing. Khmer too; axe finds
// nothing.
const server = new SalaServer(3122);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

async function as(page: Page, username: string) {
  const context = await page.context().browser()!.newContext({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
  await signInContext(context, username);
  return context.newPage();
}

test('a candidate applies, the institute assigns an assessor, the candidate sees where it is', async ({ page, context }) => {
  test.setTimeout(120_000);
  // The package, published from the interface.
  const author = await as(page, 'curriculum');
  await author.goto('/curriculum/packages');
  await author.locator('li[data-unit] button.start-package').first().click();
  const boxes = author.locator('[data-criterion]');
  for (let i = 0; i < (await boxes.count()); i++) {
    await boxes.nth(i).locator('textarea[lang="km"]').fill('ខ្ញុំអាចធ្វើបាន');
    await boxes.nth(i).locator('textarea[lang="en"]').fill('I can do it');
  }
  await author.locator('#ev-0-kind').selectOption('photo');
  await author.locator('#task-0-km').fill('ការងារ');
  await author.locator('#task-0-en').fill('A task');
  const ticks = author.locator('input[name="task.0.c"]');
  for (let i = 0; i < (await ticks.count()); i++) await ticks.nth(i).check();
  await author.locator('#publish-package').click();
  await expect(author.locator('#package-version')).toHaveText('Version 1 · Published');
  await author.context().close();

  // The candidate applies from their home.
  await signInContext(context, 'learner');
  await page.goto('/learn');
  await underServiceWorker(page);
  await page.locator('#rpl-link').click();
  await expect(page.locator('h1')).toHaveText('Recognition of prior learning');
  await expect(page.locator('#no-applications')).toBeVisible();
  const form = page.locator('form.apply-form').first();
  await form.locator('button.send-application').click();
  await expect(page.locator('#rpl-error')).toContainText('at least one unit');
  await page.locator('form.apply-form').first().locator('input[name="unit"]').first().check();
  await page.locator('form.apply-form').first().locator('input[name="workplace"]').fill('Kampong Cham Electric Co.');
  await page.locator('form.apply-form').first().locator('input[name="third_party_name"]').fill('Mr Sok');
  await page.locator('form.apply-form').first().locator('input[name="third_party_phone"]').fill('012 999 888');
  await page.locator('form.apply-form').first().locator('button.send-application').click();
  await expect(page.locator('#rpl-note')).toHaveText('Your application was sent.');
  await expect(page.locator('#my-applications [aria-current="step"]')).toHaveText('Submitted');
  await looksRight(page, "the candidate's applications");

  // The admin accepts and assigns.
  const admin = await as(page, 'admin');
  await admin.goto('/admin');
  await admin.locator('#rpl-link').click();
  await admin.locator('#applications a').first().click();
  await expect(admin.locator('#candidate-name')).toHaveText('Sok Channa');
  await admin.locator('#accept-application').click();
  await expect(admin.locator('[aria-current="step"]')).toHaveText('Gathering evidence');
  await admin.locator('#assessor').selectOption({ label: 'Mom Socheat' });
  await admin.locator('#assign').click();
  await expect(admin.locator('#rpl-note')).toHaveText('Assigned.');
  await expect(admin.locator('#assigned-assessors li')).toHaveCount(1);
  await expect(admin.locator('#trail li')).toHaveCount(3);
  await expect(admin.locator('#assigned-assessors li')).toHaveText('Mom Socheat');
  await looksRight(admin, "the admin's application");
  await admin.context().close();

  const assessor = await as(page, 'assessor');
  await assessor.goto('/assess');
  await expect(assessor.locator('#assigned li')).toContainText('Sok Channa');
  await expect(assessor.locator('#assigned li')).toContainText('Gathering evidence');
  await looksRight(assessor, "the assessor's home");
  await assessor.context().close();

  // The candidate: evidence ready; where it is.
  await page.reload();
  await page.locator('button.step-ready').click();
  await expect(page.locator('#my-applications [aria-current="step"]')).toHaveText('Assessment');
  await expect(page.locator('button.step-ready')).toHaveCount(0);

  // The server stopped for real: the page as last seen; a step makes nothing.
  await server.stop();
  await page.reload();
  await expect(page.locator('#my-applications [aria-current="step"]')).toHaveText('Assessment');
  await page.locator('button.step-withdraw').click();
  await expect(page).toHaveURL(/\/offline/);
  await server.start();
  expect(server.sql("SELECT stage FROM rpl_applications")).toBe('assessment');

  // In Khmer.
  await context.addCookies([{ name: 'sala_lang', value: 'km', url: server.origin }]);
  await page.goto('/learn/rpl');
  await expect(page.locator('h1')).toHaveText('ការទទួលស្គាល់ការសិក្សាពីមុន');
  await expect(page.locator('#my-applications [aria-current="step"]')).toHaveText('ការវាយតម្លៃ');
  await looksRight(page, "the candidate's applications in Khmer");
});
