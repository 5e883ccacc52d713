import { expect, test } from '@playwright/test';
import { HOMES, LoginPage, type Role } from './support/pages';

// The same pages work server-rendered, before (or without) the WebAssembly.
test.use({ javaScriptEnabled: false });

for (const role of ['learner', 'trainer', 'curriculum'] as Role[]) {
  test(`without JavaScript, ${role} signs in and sees their home`, async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(role);
    await expect(page).toHaveURL(new RegExp(`${HOMES[role].path}$`));
    await expect(page.locator('h1')).toHaveText(HOMES[role].heading);
  });
}

test('without JavaScript, the wrong password and the language switch work', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('trainer', 'wrong');
  await expect(login.error()).toContainText('do not match');
  await page.locator('#lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  await expect(login.error()).toContainText('មិនត្រូវគ្នា');
  await page.locator('#lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('without JavaScript, the 404 page renders', async ({ page }) => {
  const response = await page.goto('/nowhere');
  expect(response?.status()).toBe(404);
  await expect(page.locator('#not-found h1')).toHaveText('Page not found');
});

test('without JavaScript, a learner opens the course and reads a lesson', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('learner');
  await page.getByRole('link', { name: 'Open the course' }).click();
  await expect(page.locator('#course-title')).toHaveText('Electrical Installation (blended)');
  await page.getByRole('link', { name: 'Read the lesson' }).first().click();
  await expect(page.locator('#lesson-title')).toHaveText('Electrical hazards at work');
  await page.locator('a[rel=next]').click();
  await expect(page.locator('#lesson-title')).toHaveText('Safe isolation: lock out, tag out');
});
