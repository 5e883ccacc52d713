import { copyFileSync, cpSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { hydrated, LoginPage, underServiceWorker } from './support/pages';
import { ROOT, SalaServer } from './support/server';

// A new version of the app reaches a phone while a learner reads: they are told, and
// nothing reloads until they tap "Update".

/** A second build: the same binary and site with a changed stylesheet hash. */
function newerBuild() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sala-build-'));
  const binary = path.join(dir, 'sala');
  copyFileSync(path.join(ROOT, 'target/release/sala'), binary);
  const hashes = readFileSync(path.join(ROOT, 'target/release/hash.txt'), 'utf8');
  const css = /^css: (.+)$/m.exec(hashes)![1];
  const newer = `NEW0${css.slice(4)}`;
  writeFileSync(path.join(dir, 'hash.txt'), hashes.replace(`css: ${css}`, `css: ${newer}`));
  for (const bundle of ['sala-trainer', 'sala-author', 'sala-public']) {
    copyFileSync(path.join(ROOT, `target/release/hash-${bundle}.txt`), path.join(dir, `hash-${bundle}.txt`));
  }
  const site = path.join(dir, 'site');
  cpSync(path.join(ROOT, 'target/site'), site, { recursive: true });
  for (const ext of ['', '.br', '.gz']) {
    renameSync(path.join(site, `pkg/sala.${css}.css${ext}`), path.join(site, `pkg/sala.${newer}.css${ext}`));
  }
  return { binary, site, css: newer };
}

const current = new SalaServer(3103);
test.use({ baseURL: current.origin });
test.afterAll(async () => current.stop());

test('a new version is offered, never forced on a learner mid-lesson', async ({ page }) => {
  await current.start();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('learner');
  await underServiceWorker(page);
  await page.getByRole('link', { name: 'Open the course' }).click();
  await hydrated(page);
  await page.locator('#download-course').click();
  await expect(page.locator('#saved-offline')).toBeVisible({ timeout: 30_000 });
  const last = await page.locator('a.button[href^="/learn/lesson/"]').last().getAttribute('href');
  await page.getByRole('link', { name: 'Read the lesson' }).first().click();
  await hydrated(page);
  await page.evaluate(() => { (window as unknown as { reading: boolean }).reading = true; });
  await expect(page.locator('#app-update')).toHaveCount(0);

  // The server is upgraded (same database), and the phone checks for a new version.
  await current.stop();
  const build = newerBuild();
  const upgraded = new SalaServer(3103, current.dataDir, build);
  try {
    await upgraded.start();
    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())!.update(); });

    await expect(page.locator('#app-update')).toContainText('A new version of Sala is ready.');
    // Not reloaded: the learner is still reading where they were.
    expect(await page.evaluate(() => (window as unknown as { reading?: boolean }).reading)).toBe(true);
    await expect(page.locator('#lesson-title')).toHaveText('Electrical hazards at work');

    // One tap: the new version takes over and the page reloads once, in it.
    await Promise.all([page.waitForEvent('load'), page.locator('#app-update-now').click()]);
    expect(await page.evaluate(() => (window as unknown as { reading?: boolean }).reading ?? false)).toBe(false);
    await expect(page.locator('#lesson-title')).toHaveText('Electrical hazards at work');
    await expect(page.locator(`link[href*="${build.css}"]`)).toHaveCount(1);
    // The old build's cache is gone; the new one serves the app.
    // (`sala-meta` only remembers whose pages these are.)
    const names = await page.evaluate(() => caches.keys());
    const builds = names.filter((n) => n.startsWith('sala-') && !n.startsWith('sala-course-') && n !== 'sala-meta');
    expect(builds).toHaveLength(1);
    expect(builds[0]).toContain(build.css.slice(0, 8));
    // The course saved by the old version survives the update, and still opens, styled,
    // with the network gone (its pages name the old stylesheet; the new one stands in).
    expect(names.filter((n) => n.startsWith('sala-course-'))).toHaveLength(1);
    await upgraded.stop();
    await page.goto(last!);
    await expect(page.locator('#lesson-title')).toHaveText('Earthing, RCDs and testing');
    await expect(page.locator('.topbar')).toHaveCSS('background-color', 'rgb(15, 107, 94)');
    // And it works: the new build kept the learners' bundle the old one had kept.
    await hydrated(page);
    await page.locator('#mark-done').click();
    await expect(page.locator('#lesson-done')).toBeVisible();
  } finally {
    await upgraded.stop();
  }
});
