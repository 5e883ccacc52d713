import { expect, test, type Page } from '@playwright/test';
import { looksRight, signInContext } from './support/audit';
import { keptOffline, underServiceWorker } from './support/pages';
import { SalaServer } from './support/server';

// An RPL application from the interface alone, on 360-px phones: the curriculum team
// publishes a unit's package; a candidate applies for it from their home; the admin
// accepts, records a conflict of interest for the assessor (assigning them is then
// refused with the reason), takes it back and assigns the assessor, who finds it on their home; the candidate says their evidence is
// ready and sees where it is. With the server stopped, the candidate's page opens as it
// was and a step goes to the offline page, changing nothing. Then the assessor opens it
// from their home, is refused Competent while a criterion is not covered (what they
// typed stays), records the observation checklist (one criterion not yet), finds the
// sheet as they left it with the server stopped (a save goes to the offline page and
// keeps nothing), signs Not Yet Competent with its gap-training plan and gives the
// outcome; the candidate reads it. Khmer too; axe finds nothing.
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
  // A conflict of interest recorded, refused with its reason, then taken back.
  await admin.locator('#conflict-assessor').selectOption({ label: 'Mom Socheat' });
  await admin.locator('#conflict-note').fill('A neighbour of the family');
  await admin.locator('#declare-conflict').click();
  await expect(admin.locator('#declared-conflicts li')).toContainText('A neighbour of the family');
  await admin.locator('#assessor').selectOption({ label: 'Mom Socheat' });
  await admin.locator('#assign').click();
  await expect(admin.locator('#rpl-error')).toContainText('a conflict of interest was declared');
  await looksRight(admin, 'an application with a declared conflict');
  await admin.locator('#declared-conflicts button.withdraw-conflict').click();
  await expect(admin.locator('#rpl-note')).toHaveText('Taken back: that assessor may be assigned again.');
  await expect(admin.locator('#declared-conflicts')).toHaveCount(0);
  await admin.locator('#assessor').selectOption({ label: 'Mom Socheat' });
  await admin.locator('#assign').click();
  await expect(admin.locator('#rpl-note')).toHaveText('Assigned.');
  await expect(admin.locator('#assigned-assessors li')).toHaveCount(1);
  await expect(admin.locator('#trail li')).toHaveCount(4);
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

test('the assessor judges the unit and decides; the candidate reads the outcome and the gap plan', async ({ page, context }) => {
  test.setTimeout(120_000);
  const assessor = await as(page, 'assessor');
  await assessor.goto('/assess');
  await underServiceWorker(assessor);
  await assessor.locator('#assigned li a').first().click();
  await expect(assessor.locator('#candidate-name')).toHaveText('Sok Channa');
  await expect(assessor.locator('#units-to-judge .unit-state')).toHaveText('Not decided yet');
  await expect(assessor.locator('#step-decided')).toHaveCount(0);
  await looksRight(assessor, "the assessor's application");
  await assessor.locator('#units-to-judge a').first().click();
  const sheetUrl = assessor.url();
  const criteria = assessor.locator('#coverage li');
  const n = await criteria.count();
  expect(n).toBeGreaterThan(1);
  await expect(assessor.locator('#coverage li[data-covered="false"]')).toHaveCount(n);
  await looksRight(assessor, "the assessor's sheet");

  // Competent with nothing covered: refused, and what was typed is still there.
  await assessor.locator('#outcome-competent').check();
  await assessor.locator('#basis').fill('Watched at Kampong Cham Electric');
  await assessor.locator('#feedback').fill('Good work');
  await assessor.locator('#sign-decision').click();
  await expect(assessor.locator('#judging-error')).toContainText('Competent needs every criterion covered');
  await expect(assessor.locator('#basis')).toHaveValue('Watched at Kampong Cham Electric');
  await expect(assessor.locator('#outcome-competent')).toBeChecked();
  expect(server.sql('SELECT COUNT(*) FROM rpl_decisions')).toBe('0');

  // The observation checklist: every criterion satisfactory but the last.
  const rows = assessor.locator('.task fieldset.judge');
  await expect(rows).toHaveCount(n);
  for (let i = 0; i < n; i++) {
    await rows.nth(i).locator(i === n - 1 ? 'input[value="n"]' : 'input[value="s"]').check();
  }
  await rows.nth(n - 1).locator('textarea').fill('Did not test the earth before switching on');
  await assessor.locator('#save-findings').click();
  await expect(assessor.locator('#judging-note')).toHaveText('Saved.');
  await expect(assessor.locator('#coverage li[data-covered="false"]')).toHaveCount(1);
  await expect(assessor.locator('#gap-plan-preview .gap-plan > li')).toHaveCount(1);
  expect(server.sql('SELECT COUNT(*) FROM rpl_judgements')).toBe(String(n));
  const cleanSheet = sheetUrl.split('?')[0];
  await assessor.goto(cleanSheet);
  await keptOffline(assessor, new URL(cleanSheet).pathname);

  // The server stopped for real: the sheet as last seen; a save keeps nothing.
  await server.stop();
  await assessor.reload();
  await expect(assessor.locator('#coverage li[data-covered="false"]')).toHaveCount(1);
  await expect(rows.nth(n - 1).locator('input[value="n"]')).toBeChecked();
  await rows.nth(0).locator('input[value="n"]').check();
  await assessor.locator('#save-findings').click();
  await expect(assessor).toHaveURL(/\/offline/);
  await server.start();
  expect(server.sql('SELECT COUNT(*) FROM rpl_judgements')).toBe(String(n));

  // Not yet competent, signed; the outcome given.
  await assessor.goto(cleanSheet);
  await assessor.locator('#outcome-nyc').check();
  await assessor.locator('#basis').fill('Watched at Kampong Cham Electric');
  await assessor.locator('#feedback').fill('Test the earth before you switch on, then ask for the unit again');
  await assessor.locator('#sign-decision').click();
  await expect(assessor.locator('#judging-note')).toHaveText('The decision is signed.');
  await expect(assessor.locator('#current-decision .outcome')).toHaveText('Not yet competent');
  await expect(assessor.locator('#current-decision .gap-plan > li')).toHaveCount(1);
  await looksRight(assessor, 'a signed decision');
  await assessor.locator('#back-to-application').click();
  await expect(assessor.locator('#units-to-judge .unit-state')).toHaveText('Not yet competent');
  await assessor.locator('#step-decided').click();
  await expect(assessor.locator('[aria-current="step"]')).toHaveText('Decided');
  await assessor.context().close();

  // The candidate reads the outcome, the feedback and the plan, in English and Khmer.
  await signInContext(context, 'learner');
  await page.goto('/learn/rpl');
  await expect(page.locator('#my-applications [aria-current="step"]')).toHaveText('Decided');
  const outcome = page.locator('#my-applications li.outcome');
  await expect(outcome).toHaveAttribute('data-outcome', 'not_yet_competent');
  await expect(outcome).toContainText('Not yet competent');
  await expect(outcome.locator('.feedback')).toHaveText('Test the earth before you switch on, then ask for the unit again');
  await expect(outcome.locator('.gap-plan > li')).toHaveCount(1);
  await looksRight(page, "the candidate's outcome");
  await context.addCookies([{ name: 'sala_lang', value: 'km', url: server.origin }]);
  await page.reload();
  await expect(outcome).toContainText('មិនទាន់មានសមត្ថភាព');
  await looksRight(page, "the candidate's outcome in Khmer");
});
