import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { hydrated, LoginPage, underServiceWorker } from './support/pages';
import { CHROMIUM_ARGS, SalaServer } from './support/server';

// The browser itself is closed and started again with the server down: the downloaded
// course and the unsent changes are still there.
const server = new SalaServer(3104);
test.afterAll(async () => server.stop());

test('a downloaded course and unsent changes survive a browser restart offline', async () => {
  await server.start();
  const profile = mkdtempSync(path.join(tmpdir(), 'sala-profile-'));
  const launch = () => chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    baseURL: server.origin,
    locale: 'en-US',
    viewport: { width: 393, height: 727 },
  });

  let browser = await launch();
  let page = browser.pages()[0] ?? await browser.newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('learner');
  await underServiceWorker(page);
  await page.getByRole('link', { name: 'Open the course' }).click();
  const course = page.url();
  await hydrated(page);
  await page.locator('#download-course').click();
  await expect(page.locator('#saved-offline')).toBeVisible({ timeout: 30_000 });
  const lesson = await page.locator('a.button[href^="/learn/lesson/"]').nth(3).getAttribute('href');
  await server.stop();
  await page.goto(lesson!);
  await hydrated(page);
  await page.locator('#mark-done').click();
  await expect(page.locator('#unsynced')).toHaveText('1 unsynced');
  await browser.close();

  browser = await launch();
  page = browser.pages()[0] ?? await browser.newPage();
  await page.goto(course);
  await expect(page.locator('#course-title')).toHaveText('Electrical Installation (blended)');
  await hydrated(page);
  await expect(page.locator('#unsynced')).toHaveText('1 unsynced');
  await expect(page.locator(`[data-lesson="${lesson!.split('/').pop()}"]`)).toHaveAttribute('data-done', 'true');
  await page.goto(lesson!);
  await expect(page.locator('#lesson-done')).toBeVisible();
  await page.goto('/learn');
  await expect(page.locator('.saved-badge')).toBeVisible();

  // And once the server is back, it goes.
  await server.start();
  await page.reload();
  await expect(page.locator('#unsynced')).toHaveText('All sent');
  await browser.close();
});
