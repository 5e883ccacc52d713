import { expect, test, type Page } from '@playwright/test';
import { looksRight } from './support/audit';
import { hydrated, LoginPage, underServiceWorker, unsynced } from './support/pages';
import { SalaServer } from './support/server';

// A new version of a programme reaches a learner who saved the old one. The learner saves
// the course and finishes a lesson; the curriculum team publishes a new version and moves
// the class to it; with the server stopped, the learner's old copy still opens and they
// finish another lesson of it; back online, they are offered the update, and both lessons
// are still done in the new version.
const server = new SalaServer(3113);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

const doneLessons = (page: Page) => page.locator('.activity .status[data-done="true"]');

test('a learner keeps the old copy offline, is offered the new version online, and keeps their progress', async ({ page, browser }) => {
  test.setTimeout(180_000);
  // The learner saves the course and finishes its first lesson.
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('learner');
  await underServiceWorker(page);
  await page.getByRole('link', { name: 'Open the course' }).click();
  await hydrated(page);
  const course = page.url();
  await page.locator('#download-course').click();
  await expect(page.locator('#saved-offline')).toBeVisible({ timeout: 30_000 });
  const links = page.locator('a.button[href^="/learn/lesson/"]');
  const oldLessons = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(oldLessons.length).toBeGreaterThan(2);
  await page.goto(oldLessons[0]);
  await hydrated(page);
  await page.locator('#mark-done').click();
  await expect(page.locator('#lesson-done')).toBeVisible();
  await expect.poll(() => unsynced(page), { timeout: 30_000 }).toBe(0);

  // The curriculum team publishes version 2 and moves the class to it.
  const team = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const author = await team.newPage();
  const authorLogin = new LoginPage(author);
  await authorLogin.goto();
  await authorLogin.signIn('curriculum');
  await author.locator('#programmes li', { hasText: 'ELE-CQF2-EI' }).filter({ hasText: 'Published' }).locator('a').click();
  await expect(author.locator('#programme-status')).toHaveText('Published');
  // Version 1's page names the class; there is nothing newer to move it to yet.
  await expect(author.locator('#classes li[data-class="EI-2026-A"]')).toContainText('follows version 1');
  await expect(author.locator('#classes button')).toHaveCount(0);
  await author.locator('#new-version button').click();
  await expect(author.locator('#programme-status')).toHaveText('Draft');
  await author.locator('#publish button').click();
  await expect(author.locator('#published-note')).toBeVisible();
  // Publishing moves no class: that is the team's explicit step.
  const move = author.locator('#classes li[data-class="EI-2026-A"] button.move-class');
  await expect(move).toHaveText('Move to version 2');
  await looksRight(author, 'version 2 with its classes');
  await move.click();
  await expect(author.locator('#class-moved')).toBeVisible();
  await expect(author.locator('#classes li[data-class="EI-2026-A"]')).toContainText('follows version 2');
  await expect(author.locator('#classes button')).toHaveCount(0);
  await team.close();

  // Offline: the saved copy of version 1 still opens, and the learner goes on with it.
  await server.stop();
  await page.goto(oldLessons[1]);
  await hydrated(page);
  await expect(page.locator('#lesson-title')).toBeVisible();
  await page.locator('#mark-done').click();
  await expect(page.locator('#lesson-done')).toBeVisible();
  await expect.poll(() => unsynced(page)).toBeGreaterThan(0);
  await page.goto(course);
  await expect(page.locator('#offline-copy')).toBeVisible();

  // Online again: what was done offline is sent, the update is offered, and the new
  // version shows both lessons done.
  await server.start();
  await page.goto(course);
  await hydrated(page);
  await expect.poll(() => unsynced(page), { timeout: 30_000 }).toBe(0);
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#offline-copy')).toHaveAttribute('data-state', 'outdated', { timeout: 30_000 });
  await expect(page.locator('#course-update')).toBeVisible();
  const newLessons = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(newLessons).toHaveLength(oldLessons.length);
  expect(newLessons.filter((l) => oldLessons.includes(l))).toEqual([]);
  await expect(doneLessons(page)).toHaveCount(2);
  await expect(page.locator(`.activity .status[data-lesson="${newLessons[0].split('/').pop()}"]`)).toHaveAttribute('data-done', 'true');
  await expect(page.locator(`.activity .status[data-lesson="${newLessons[1].split('/').pop()}"]`)).toHaveAttribute('data-done', 'true');
  await looksRight(page, 'the course with an update');
  await page.locator('#update-course').click();
  await expect(page.locator('#offline-copy')).toHaveAttribute('data-state', 'saved', { timeout: 30_000 });
  await expect(page.locator('#course-update')).toHaveCount(0);

  // The new copy is the one kept: it opens offline.
  await server.stop();
  await page.goto(newLessons[2]);
  await expect(page.locator('#lesson-title')).toBeVisible();
  await server.start();
});
