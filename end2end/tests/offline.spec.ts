import { expect, test } from '@playwright/test';
import { Header, hydrated, LoginPage, underServiceWorker } from './support/pages';
import { SalaServer } from './support/server';

// This file runs its own server so it can stop it for real.
const server = new SalaServer(3101);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

test('after one online visit, the app opens with the server stopped', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('trainer');
  await expect(page).toHaveURL(/\/teach$/);
  await underServiceWorker(page);
  await page.goto('/');
  await expect(page.locator('h1')).toHaveText("Today's sessions");
  await hydrated(page);
  // The device keeps this page in both languages.
  await expect.poll(() => page.evaluate(async () => !!(await caches.match(new URL('/?__lang=km', location.href).href)))).toBe(true);

  await server.stop();

  // A page visited before: the same page, hydrated, from the device.
  await page.reload();
  await expect(page.locator('h1')).toHaveText("Today's sessions");
  await expect(page.locator('#today .session').first()).toContainText('40 learners');
  await hydrated(page);
  // The language switch still works offline.
  await new Header(page).switchLanguage();
  await expect(page.locator('h1')).toHaveText('វគ្គថ្ងៃនេះ');
  await new Header(page).switchLanguage();

  await page.goto('/teach');
  await expect(page.locator('h1')).toHaveText("Today's sessions");

  // A page never visited: the offline page, not the browser's error page.
  await page.goto('/assess');
  await expect(page).toHaveURL(/\/offline\?from=%2Fassess$/);
  await expect(page.locator('#offline h1')).toHaveText('You are offline');
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '/assess');

  // Back online, the same navigation works again.
  await server.start();
  await page.goto('/teach');
  await expect(page.locator('h1')).toHaveText("Today's sessions");
});

test('signing out forgets the saved pages of that user', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('learner');
  await expect(page).toHaveURL(/\/learn$/);
  await underServiceWorker(page);
  await page.goto('/learn');
  await expect(page.locator('#courses')).toBeVisible();
  await new Header(page).signOut();
  await expect(page).toHaveURL(/\/login(\?next=[^&]*)?$/);

  await server.stop();
  await page.goto('/learn');
  await expect(page).toHaveURL(/\/offline\?from=%2Flearn$/);
  await expect(page.locator('body')).not.toContainText('Sok Channa');
  await server.start();
});

test('lessons read online can be read again with the server stopped', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('learner');
  await expect(page).toHaveURL(/\/learn$/);
  await underServiceWorker(page);
  await page.getByRole('link', { name: 'Open the course' }).click();
  const course = page.url();
  await page.getByRole('link', { name: 'Read the lesson' }).first().click();
  await expect(page.locator('#lesson-title')).toHaveText('Electrical hazards at work');
  const first = page.url();
  await page.goto(course);
  await page.getByRole('link', { name: 'Read the lesson' }).nth(1).click();
  await expect(page.locator('#lesson-title')).toHaveText('Safe isolation: lock out, tag out');
  const second = page.url();
  // Load both as pages once, so the device keeps their HTML too.
  await page.goto(first);
  await page.goto(second);

  await server.stop();
  await page.reload();
  await expect(page.locator('#lesson-title')).toHaveText('Safe isolation: lock out, tag out');
  await page.goto(first);
  await expect(page.locator('.lesson-body h2').first()).toHaveText('Why electricity is dangerous');
  // The knowledge check is scored on the device.
  await hydrated(page);
  await page.getByLabel('30 mA', { exact: true }).check();
  await page.getByLabel('False').check();
  await page.locator('#check-answers').click();
  await expect(page.locator('#check-score')).toHaveText('Your score: 2/2');
  // Following links: a lesson read before opens from the device's copy…
  await page.locator('a[rel=next]').click();
  await expect(page.locator('#lesson-title')).toHaveText('Safe isolation: lock out, tag out');
  // …and one never opened says so in words, instead of the browser's error page.
  await page.locator('a[rel=next]').click();
  await expect(page).toHaveURL(/\/offline\?from=%2Flearn%2Flesson%2F/);
  await expect(page.locator('#offline h1')).toHaveText('You are offline');
  await server.start();
});
