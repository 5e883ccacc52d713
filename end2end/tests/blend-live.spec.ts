import { expect, test } from '@playwright/test';
import { looksRight } from './support/audit';
import { hydrated, LoginPage, underServiceWorker } from './support/pages';
import { SalaServer } from './support/server';

// The blend editor with JavaScript (the authors' bundle): "Move up" and "Move down" save
// and move the row without a page load, the focus stays on the buttons, and the blend
// table counts a new activity while its minutes are typed, before it is saved. With the
// server stopped, a move says it was not made and changes nothing; once the server is
// back the saved order is the one the page showed.
const server = new SalaServer(3114);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

const minutesIn = (text: string) => Number(text.replace(/[^0-9]/g, ''));

test('moves without a page load, live totals while typing, and an offline move changes nothing', async ({ page }) => {
  test.setTimeout(120_000);
  const loaded: string[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (/^\/pkg\/.*\.wasm$/.test(path)) loaded.push(path);
  });
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('curriculum');
  await underServiceWorker(page);
  await page.locator('#open-standards').click();
  await page.locator('#standards a', { hasText: 'ELE-CQF2-EI' }).first().click();
  await page.locator('#start-programme button').click();
  await expect(page.locator('#programme-status')).toHaveText('Draft');
  const module = page.locator('section.module').first();
  const rows = module.locator('.activity-row');
  if ((await rows.count()) < 2) {
    // A plain form (a page load) makes a second activity to move.
    await rows.first().getByRole('button', { name: 'Split in two' }).click();
    await expect(page.locator('#edit-saved')).toBeVisible();
  }
  // The curriculum pages hydrate from the authors' bundle only.
  loaded.length = 0;
  await page.reload();
  await hydrated(page);
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.every((p) => p.startsWith('/pkg/sala-author.'))).toBe(true);
  const first = (await rows.nth(0).getAttribute('id'))!;
  const second = (await rows.nth(1).getAttribute('id'))!;
  const url = page.url();
  // A mark on the window: a page load would clear it.
  await page.evaluate(() => { (window as unknown as { stillHere: boolean }).stillHere = true; });

  await rows.nth(1).getByRole('button', { name: 'Move up' }).click();
  await expect(page.locator('#blend-live')).toHaveText('Moved up and saved.');
  await expect(rows.nth(0)).toHaveAttribute('id', second);
  await expect(rows.nth(1)).toHaveAttribute('id', first);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  expect(page.url()).toBe(url);
  // At the top now: "Move up" is disabled there and the focus went to "Move down".
  await expect(rows.nth(0).getByRole('button', { name: 'Move up' })).toBeDisabled();
  await expect(rows.nth(1).getByRole('button', { name: 'Move up' })).toBeEnabled();
  await expect(rows.nth(0).getByRole('button', { name: 'Move down' })).toBeFocused();
  // Saved on the server: the order survives a reload.
  await page.reload();
  await hydrated(page);
  await expect(rows.nth(0)).toHaveAttribute('id', second);

  // Live totals: a new self-paced activity of 120 minutes, counted while it is typed.
  const total = page.locator('#blend tfoot .minutes');
  const selfPaced = page.locator('#blend tr[data-mode="online_self_paced"] .minutes');
  const before = minutesIn((await total.textContent())!);
  const selfBefore = minutesIn((await selfPaced.textContent())!);
  await expect(page.locator('#blend-pending')).toBeHidden();
  await module.locator('.add-activity summary').click();
  const form = module.locator('.add-activity form');
  await form.locator('select[name=mode]').selectOption('online_self_paced');
  await form.locator('input[name=minutes]').fill('120');
  await expect(total).toHaveText(`${before + 120} min`);
  await expect(selfPaced).toHaveText(`${selfBefore + 120} min`);
  await expect(page.locator('#blend-pending')).toBeVisible();
  const shares = await page.locator('#blend tbody .share').allTextContents();
  expect(shares.reduce((a, s) => a + Number(s.replace(/[^0-9]/g, '')), 0)).toBe(100);
  await looksRight(page, 'the draft with an activity being typed');
  // Not a number of minutes: back to what is saved.
  await form.locator('input[name=minutes]').fill('');
  await expect(total).toHaveText(`${before} min`);
  await expect(page.locator('#blend-pending')).toBeHidden();

  // The server stopped for real: the move is not made and the page says so.
  await server.stop();
  await rows.nth(0).getByRole('button', { name: 'Move down' }).click();
  await expect(page.locator('#blend-live')).toContainText('Not moved: the server cannot be reached.');
  await expect(rows.nth(0)).toHaveAttribute('id', second);
  await server.start();
  await page.reload();
  await hydrated(page);
  await expect(rows.nth(0)).toHaveAttribute('id', second);
  await expect(rows.nth(1)).toHaveAttribute('id', first);
  // Online again, the same button works.
  await rows.nth(0).getByRole('button', { name: 'Move down' }).click();
  await expect(page.locator('#blend-live')).toHaveText('Moved down and saved.');
  await expect(rows.nth(0)).toHaveAttribute('id', first);
});
