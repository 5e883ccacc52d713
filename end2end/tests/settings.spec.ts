import { expect, test } from '@playwright/test';
import { signInAs } from './support/pages';

test('an admin sets the at-risk threshold; bad input is refused with a reason and changes nothing', async ({ page }) => {
  await signInAs(page, 'admin');
  await page.locator('#attendance-settings-link').click();
  await expect(page.locator('h1')).toHaveText('Attendance statuses and at-risk threshold');
  const rows = page.locator('#attendance-settings tbody tr');
  await expect(rows).toHaveCount(5, { timeout: 10_000 }); // four statuses and an empty row
  await expect(rows.nth(1).locator('input[name="en_1"]')).toHaveValue('Late');

  await page.locator('#threshold').fill('75');
  await page.locator('#save-settings').click();
  await expect(page.locator('#settings-saved')).toHaveText('Saved.');
  await expect(page.locator('#threshold')).toHaveValue('75');

  // The browser's own checks aside (they are there too), the server refuses on its own.
  await page.locator('#threshold').evaluate((el) => el.removeAttribute('max'));
  await page.locator('#threshold').fill('150');
  await page.locator('#save-settings').click();
  await expect(page.locator('#settings-error')).toHaveText('The threshold must be a whole number from 0 to 100. Nothing was saved.');
  await expect(page.locator('#threshold')).toHaveValue('75');
});
