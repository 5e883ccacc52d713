import { expect, test } from '@playwright/test';
import { Header, HOMES, LoginPage, signInAs, type Role } from './support/pages';

for (const role of Object.keys(HOMES) as Role[]) {
  test(`${role} signs in and lands on their own home`, async ({ page }) => {
    await signInAs(page, role);
    await expect(page.locator('h1')).toHaveText(HOMES[role].heading);
    if (role === 'learner') {
      await expect(page.locator('#courses')).toContainText('Electrical Installation (blended)');
      await expect(page.locator('#courses')).toContainText('CQF level 2');
    } else if (role === 'trainer') {
      await expect(page.locator('#today .session').first()).toContainText('40 learners');
      await expect(page.locator('#coming .session').first()).toBeVisible();
    } else if (role === 'curriculum') {
      // Everything of theirs is built: nothing listed as to come.
      await expect(page.locator('#open-packages')).toHaveText('RPL assessment packages');
      await expect(page.locator('#tools')).toHaveCount(0);
    } else {
      // What each role's home lists as still to come (an admin's: RPL's competency reports;
      // an assessor's: judging evidence items, and judging offline at a workplace).
      await expect(page.locator('#tools li')).toHaveCount(role === 'admin' ? 1 : 2);
      await expect(page.locator('#tools')).toContainText('Coming soon');
    }
    // The start page shows the same home, in place.
    await page.goto('/');
    await expect(page.locator('h1')).toHaveText(HOMES[role].heading);
  });
}

test('a wrong password shows a clear message and keeps the username', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('learner', 'not-the-password');
  await expect(page).toHaveURL(/\/login\?error=credentials/);
  await expect(login.error()).toHaveText('That username and password do not match. Check them and try again.');
  await expect(page.locator('#username')).toHaveValue('learner');
});

test('repeated failures are rate limited', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  for (let i = 0; i < 5; i++) {
    await login.signIn('ghost-user', 'wrong');
    await expect(login.error()).toContainText('do not match');
  }
  await login.signIn('ghost-user', 'wrong');
  await expect(login.error()).toContainText('Too many failed attempts');
});

test('what a user types is shown as text, never run', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
  const login = new LoginPage(page);
  await login.goto();
  const evil = '<img src=x onerror=alert(1)>';
  await login.signIn(evil, 'x');
  await expect(login.error()).toBeVisible();
  await expect(page.locator('#username')).toHaveValue(evil);
  await expect(page.locator('img[src=x]')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('signed out, a role page sends you to sign in; the wrong role is refused', async ({ page }) => {
  await page.goto('/teach');
  await expect(page).toHaveURL(/\/login(\?next=[^&]*)?$/);
  await signInAs(page, 'learner');
  const response = await page.goto('/teach');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toHaveText('Your role does not give access to this page.');
});

test('sign out ends the session', async ({ page }) => {
  await signInAs(page, 'admin');
  await new Header(page).signOut();
  await expect(page).toHaveURL(/\/login(\?next=[^&]*)?$/);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/login(\?next=[^&]*)?$/);
});

test('unknown addresses get a translated 404 page', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
});
