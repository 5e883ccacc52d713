import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { looksRight } from './support/audit';
import { signInAs, underServiceWorker } from './support/pages';
import { SalaServer } from './support/server';

// Reports as their readers reach them, from the interface alone, on a 360-px phone: an
// admin goes from their home to the institute at a glance, then to a class's report (the
// same learners as the class, a chart and a table of each, the at-risk ones marked), saves
// its CSV (a byte-order mark, Khmer names intact, a row per learner) and, with the server
// stopped, opens both pages again with the figures of their last visit. A trainer goes
// from Today to "My classes" and "Who is behind", online and offline. axe finds nothing.
const server = new SalaServer(3119);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

const classId = () => server.sql(`SELECT id FROM classes WHERE code = 'EI-2026-A'`);
const enrolled = () => Number(server.sql(`SELECT COUNT(*) FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE c.code = 'EI-2026-A'`));
const held = () =>
  Number(server.sql(`SELECT COUNT(*) FROM class_sessions s JOIN classes c ON c.id = s.class_id WHERE c.code = 'EI-2026-A' AND s.cancelled_at IS NULL AND s.starts_at <= '${new Date().toISOString().slice(0, 19)}Z'`));

test('an admin reads the institute and a class report, saves its CSV, and reads both offline', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'admin');
  await underServiceWorker(page);
  await page.locator('#reports-link').click();
  await expect(page.locator('h1')).toHaveText('The institute at a glance');
  await expect(page.locator('#classes-table tbody tr')).toHaveCount(Number(server.sql('SELECT COUNT(*) FROM classes')));
  await expect(page.locator('#classes-chart')).toBeVisible();
  await looksRight(page, 'the institute at a glance');

  const id = classId();
  await page.locator(`#classes-table tr[data-class="${id}"] a`).click();
  await expect(page).toHaveURL(`/admin/classes/${id}/report`);
  await expect(page.locator('h1')).toHaveText('Class report');
  const learners = enrolled();
  expect(learners).toBe(40);
  await expect(page.locator('#learners-table tbody tr')).toHaveCount(learners);
  await expect(page.locator('#progress-chart rect.bar')).toHaveCount(learners);
  await expect(page.locator('#sessions-table tbody tr')).toHaveCount(held());
  await expect(page.locator('#attendance-chart')).toBeVisible();
  // The seed's often-absent learner is at risk, listed first, and counted.
  const atRisk = await page.locator('#learners-table tr.at-risk').count();
  expect(atRisk).toBeGreaterThan(0);
  await expect(page.locator('#learners-table tbody tr').first()).toHaveClass(/at-risk/);
  await expect(page.locator('#at-risk-count')).toHaveText(`${atRisk} at risk`);
  await expect(page.locator('#learners-table tr.at-risk .badge.risk').first()).toBeVisible();
  await looksRight(page, 'a class report');

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#report-csv').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv).toContain('សុខ ចាន់ណា');
  expect(csv.trimEnd().split('\r\n')).toHaveLength(learners + 1);

  // With the server stopped, both pages open again with the figures of the last visit.
  const asOf = await page.locator('#as-of').textContent();
  await server.stop();
  await page.reload();
  await expect(page.locator('#report-class')).toBeVisible();
  await expect(page.locator('#as-of')).toHaveText(asOf!);
  await expect(page.locator('#learners-table tbody tr')).toHaveCount(learners);
  await looksRight(page, 'a class report offline');
  await page.goto('/admin/reports');
  await expect(page.locator(`#classes-table tr[data-class="${id}"]`)).toBeVisible();
  await server.start();

  // In Khmer.
  await page.context().addCookies([{ name: 'sala_lang', value: 'km', url: server.origin }]);
  await page.goto(`/admin/classes/${id}/report`);
  await expect(page.locator('h1')).toHaveText('របាយការណ៍ថ្នាក់');
  await expect(page.locator('#at-risk-count')).toContainText('នាក់មានហានិភ័យ');
  await looksRight(page, 'a class report in Khmer');
});

test('a trainer finds who is behind in their class from Today, online and offline', async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, 'trainer');
  await underServiceWorker(page);
  await page.locator('#my-classes-link').click();
  await expect(page.locator('h1')).toHaveText('My classes');
  const id = classId();
  await expect(page.locator('#classes-table tbody tr')).toHaveCount(
    Number(server.sql(`SELECT COUNT(*) FROM class_trainers t JOIN users u ON u.id = t.user_id WHERE u.username = 'trainer'`)),
  );
  await looksRight(page, 'my classes');
  await page.locator(`#classes-table tr[data-class="${id}"] a`).click();
  await expect(page.locator('h1')).toHaveText('Who is behind');
  await expect(page.locator('#learners-table tbody tr')).toHaveCount(enrolled());
  await expect(page.locator('#attendance-sheet-link')).toBeVisible();
  await looksRight(page, 'who is behind');

  await server.stop();
  await page.reload();
  await expect(page.locator('h1')).toHaveText('Who is behind');
  await expect(page.locator('#learners-table tbody tr')).toHaveCount(enrolled());
  await page.goto('/teach/classes');
  await expect(page.locator(`#classes-table tr[data-class="${id}"]`)).toBeVisible();
  await server.start();
});
