import { expect, test } from '@playwright/test';
import {
  axeViolations, cspViolations, layoutShift, outsideViewport, pagesOf, recordLayoutShifts, setLanguage, signInContext,
} from './support/audit';
import { hydrated } from './support/pages';
import { MAIN_PORT } from './support/server';

// Every page as a person sees it on a 360-px phone: in both languages, for each role,
// with the panels open — nothing sticks out sideways, axe-core finds nothing, and the
// page does not jump once it has painted.
const origin = `http://127.0.0.1:${MAIN_PORT}`;
const ROLES = ['learner', 'trainer', 'assessor', 'curriculum', 'admin'] as const;
const SIGNED_OUT = ['/login', '/offline', '/no-such-page'];

test.use({ viewport: { width: 360, height: 740 } });

/** Opens what can be opened: the sync panel, and on the roll call the check-in code and an editor. */
async function openPanels(page: import('@playwright/test').Page) {
  const summary = page.locator('.sync > summary');
  if (await summary.count()) {
    await summary.click();
    await expect(page.locator('.sync-panel')).toBeVisible();
  }
  if (await page.locator('#check-in-open').count()) {
    await page.locator('#check-in-open').click();
    await expect(page.locator('#check-in-panel')).toBeVisible();
    await page.locator('.roll-more').first().click();
    await expect(page.locator('.roll-edit').first()).toBeVisible();
  }
}

for (const lang of ['en', 'km'] as const) {
  test(`every page fits a 360-px screen, passes axe and does not shift (${lang})`, async ({ browser }) => {
    test.setTimeout(180_000);
    const problems: string[] = [];
    for (const role of [null, ...ROLES]) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: origin });
      await setLanguage(context, origin, lang);
      if (role) await signInContext(context, role);
      const page = await context.newPage();
      await recordLayoutShifts(page);
      const paths = role ? await pagesOf(context, role) : SIGNED_OUT;
      for (const path of paths) {
        const where = `${role ?? 'signed out'} ${path} (${lang})`;
        await page.goto(path);
        await hydrated(page);
        await page.waitForLoadState('networkidle');
        // The device bar fills in after the page has loaded: give it time to (not) move.
        await page.waitForTimeout(700);
        const shift = await layoutShift(page);
        if (shift.total > 0.02) problems.push(`${where}: layout shift ${shift.total.toFixed(3)} from ${shift.sources.join(', ')}`);
        for (const v of await axeViolations(page)) problems.push(`${where}: axe ${v}`);
        await openPanels(page);
        for (const o of await outsideViewport(page)) problems.push(`${where}: ${o}`);
        for (const v of await axeViolations(page)) problems.push(`${where}, panels open: axe ${v}`);
        for (const v of await cspViolations(page)) problems.push(`${where}: CSP violation ${v}`);
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  });
}

test('without JavaScript, every page passes axe and fits the screen', async ({ browser }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  for (const lang of ['en', 'km'] as const) {
    for (const role of [null, ...ROLES]) {
      // The page as the server rendered it, none of its code loaded (axe-core itself
      // needs a script engine, so the app's scripts are refused rather than all).
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: origin, serviceWorkers: 'block' });
      await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
      await setLanguage(context, origin, lang);
      if (role) await signInContext(context, role);
      const page = await context.newPage();
      for (const path of role ? await pagesOf(context, role) : SIGNED_OUT) {
        await page.goto(path);
        const where = `${role ?? 'signed out'} ${path} (${lang}, no JS)`;
        for (const v of await axeViolations(page)) problems.push(`${where}: axe ${v}`);
        for (const o of await outsideViewport(page)) problems.push(`${where}: ${o}`);
      }
      await context.close();
    }
  }
  expect(problems).toEqual([]);
});

test('a roll call of 40 shows only the roster: editors, undo and empty alerts stay hidden until asked', async ({ context, page }) => {
  await signInContext(context, 'trainer');
  const [, session] = await pagesOf(context, 'trainer');
  await page.goto(session);
  await hydrated(page);
  await expect(page.locator('.roll-row')).toHaveCount(40);
  await expect(page.locator('.roll-tap:visible')).toHaveCount(40);
  await expect(page.locator('.roll-edit:visible')).toHaveCount(0);
  await expect(page.locator('button.save:visible')).toHaveCount(0);
  await expect(page.locator('#undo-all-present')).toBeHidden();
  await expect(page.locator('#decisions')).toBeHidden();
  await expect(page.locator('#check-in-panel')).toBeHidden();
  // An alert with nothing to say takes no room.
  await expect(page.locator('#roll-note')).toBeHidden();
  const { height, screen } = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, screen: innerHeight }));
  console.log(`roll call of 40 on a 360x740 screen: ${height} px, ${(height / screen).toFixed(1)} screens`);
  expect(height / screen).toBeLessThanOrEqual(5);
  // ✎ opens that learner's editor only.
  await page.locator('.roll-more').nth(2).click();
  await expect(page.locator('.roll-edit:visible')).toHaveCount(1);
  await expect(page.locator('.roll-row').nth(2).locator('.roll-edit')).toBeVisible();
});

test('storage is shown in human units; activities without sessions say so', async ({ context, page }) => {
  await signInContext(context, 'learner');
  const [, course] = await pagesOf(context, 'learner');
  await page.goto(course);
  await hydrated(page);
  const storage = page.locator('#storage-used');
  await expect(storage).toHaveText(/^Storage used by this browser: \d+(\.\d)? (KB|MB|GB) of \d+(\.\d)? (KB|MB|GB)$/);
  expect(await storage.textContent()).not.toMatch(/\d{4}/);
  // Never an empty "Sessions" list: a face-to-face or workplace activity has its
  // sessions, or says none is scheduled yet.
  for (const details of await page.locator('details.sessions-of-activity').all()) {
    expect(await details.locator('.session').count()).toBeGreaterThan(0);
  }
  const activities = page.locator('.activity:has(.mode[data-mode="face_to_face"]), .activity:has(.mode[data-mode="workplace"])');
  for (const activity of await activities.all()) {
    const sessions = await activity.locator('.sessions-of-activity').count();
    const none = await activity.locator('.no-sessions').count();
    expect(sessions + none).toBe(1);
  }
  await setLanguage(context, origin, 'km');
  await page.reload();
  await hydrated(page);
  await expect(storage).toHaveText(/[០-៩]+ (គីឡូបៃ|មេហ្គាបៃ|ជីហ្គាបៃ)$/);
});
