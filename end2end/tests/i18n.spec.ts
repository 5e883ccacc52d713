import { expect, test } from '@playwright/test';
import { Header, hydrated, signInAs } from './support/pages';

test('switch to Khmer and back: text and <html lang> follow, and the choice persists', async ({ page }) => {
  await signInAs(page, 'trainer');
  await hydrated(page);
  // Once hydrated, switching happens on the device: no request to the server.
  const posts: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
  const header = new Header(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(header.languageButton()).toHaveText('ភាសាខ្មែរ');

  await header.switchLanguage();
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  await expect(page.locator('h1')).toHaveText('វគ្គថ្ងៃនេះ');
  await expect(page.locator('#today .session').first()).toContainText('សិក្ខាកាម ៤០ នាក់');
  await expect(header.languageButton()).toHaveText('English');
  expect(posts).toEqual([]);

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  await expect(page.locator('h1')).toHaveText('វគ្គថ្ងៃនេះ');

  await hydrated(page);
  await header.switchLanguage();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText("Today's sessions");
  await page.reload();
  await expect(page.locator('h1')).toHaveText("Today's sessions");
});

test('the Khmer webfont is self-hosted and used', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await new Header(page).switchLanguage();
  await expect(page.locator('h1')).toHaveText('ចូលប្រើសាលា');
  const loaded = await page.evaluate(async () => {
    await document.fonts.ready;
    return document.fonts.check('16px "Noto Sans Khmer"', 'សាលា');
  });
  expect(loaded).toBe(true);
  const lineHeight = await page.locator('h1').evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) / parseFloat(getComputedStyle(el).fontSize));
  expect(lineHeight).toBeGreaterThanOrEqual(1.5);
});
