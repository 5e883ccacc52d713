import { expect, test } from '@playwright/test';
import { Header, hydrated, signInAs } from './support/pages';

test('a learner opens the course, reads a lesson, and goes next and back', async ({ page }) => {
  await signInAs(page, 'learner');
  await page.getByRole('link', { name: 'Open the course' }).click();
  await expect(page).toHaveURL(/\/learn\/course\//);
  await expect(page.locator('#course-title')).toHaveText('Electrical Installation (blended)');
  await expect(page.locator('.module h3').first()).toHaveText('Module 1: Safety first');
  // Delivery mode as an icon and a word, with the duration.
  const first = page.locator('.activity').first();
  await expect(first).toContainText('Online, self-paced');
  await expect(first).toContainText('45 min');
  await expect(first.locator('svg.icon')).toHaveCount(1);
  // A face-to-face activity lists the class's sessions of it.
  const workshop = page.locator('.activity', { hasText: 'Workshop: practise safe isolation' });
  await workshop.locator('summary').click();
  await expect(workshop.locator('.session').first()).toContainText('Workshop B, building 2');

  await first.getByRole('link', { name: 'Read the lesson' }).click();
  await expect(page.locator('#lesson-title')).toHaveText('Electrical hazards at work');
  await expect(page.locator('.lesson-body h2').first()).toHaveText('Why electricity is dangerous');
  await page.locator('a[rel=next]').click();
  await expect(page.locator('#lesson-title')).toHaveText('Safe isolation: lock out, tag out');
  await page.locator('a[rel=prev]').click();
  await expect(page.locator('#lesson-title')).toHaveText('Electrical hazards at work');

  await hydrated(page);
  await new Header(page).switchLanguage();
  await expect(page.locator('#lesson-title')).toHaveText('គ្រោះថ្នាក់អគ្គិសនីនៅកន្លែងធ្វើការ');
  await expect(page.locator('.lesson-body h2').first()).toHaveText('ហេតុអ្វីអគ្គិសនីមានគ្រោះថ្នាក់');
  await new Header(page).switchLanguage();
});

test('the lesson is readable on a 360-pixel screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signInAs(page, 'learner');
  await page.getByRole('link', { name: 'Open the course' }).click();
  await page.getByRole('link', { name: 'Read the lesson' }).nth(3).click();
  await expect(page.locator('#lesson-title')).toHaveText('Cables and circuit loads');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('knowledge checks are scored on the device, with feedback and retries', async ({ page }) => {
  await signInAs(page, 'learner');
  await page.getByRole('link', { name: 'Open the course' }).click();
  await page.getByRole('link', { name: 'Read the lesson' }).first().click();
  await hydrated(page);
  const check = page.locator('#knowledge-check');
  await check.getByLabel('30 mA', { exact: true }).check();
  await check.getByLabel('True').check();
  await check.locator('#check-answers').click();
  await expect(check.locator('#check-score')).toHaveText('Your score: 1/2');
  await expect(check.locator('.feedback').nth(0)).toHaveText('✓ Correct');
  await expect(check.locator('.feedback').nth(1)).toContainText('✗ Not quite');

  await check.locator('#check-retry').click();
  await expect(check.locator('#check-score')).toHaveText('');
  await check.getByLabel('30 mA', { exact: true }).check();
  await check.getByLabel('False').check();
  await check.locator('#check-answers').click();
  await expect(check.locator('#check-score')).toHaveText('Your score: 2/2');
});

test('an ordering question is put right with the move buttons', async ({ page }) => {
  await signInAs(page, 'learner');
  await page.getByRole('link', { name: 'Open the course' }).click();
  await page.getByRole('link', { name: 'Read the lesson' }).nth(1).click();
  await expect(page.locator('#lesson-title')).toHaveText('Safe isolation: lock out, tag out');
  await hydrated(page);
  const steps = page.locator('ol.ordering li');
  await expect(steps.nth(2)).toContainText('Switch off the breaker');
  await steps.nth(2).getByRole('button', { name: 'Move up' }).click();
  await steps.nth(1).getByRole('button', { name: 'Move up' }).click();
  await expect(steps.nth(0)).toContainText('Switch off the breaker');
  await page.getByLabel('The person who put it on').check();
  await page.locator('#check-answers').click();
  await expect(page.locator('#check-score')).toHaveText('Your score: 2/2');
});

test('my progress shows what the sync engine received', async ({ page }) => {
  await signInAs(page, 'learner');
  await page.getByRole('link', { name: 'My progress' }).click();
  await expect(page.locator('h1')).toHaveText('My progress');
  await expect(page.locator('#progress-total')).toContainText('% of activities done');
  await expect(page.locator('ul.criteria li')).toHaveCount(10);
  const ppe = page.locator('table.lessons-progress tr', { hasText: 'Personal protective equipment' });

  // A record as a device would push it (the outbox client comes next).
  const lessonHref = await page.request.get(page.url().replace('/learn/progress/', '/learn/course/')).then((r) => r.text());
  const lesson = [...lessonHref.matchAll(/href="\/learn\/lesson\/([^"]+)"/g)][2][1];
  const push = await page.request.post('/api/sync/v1/push', {
    data: {
      protocol: 1,
      device: '0193a1b2-0000-7000-8000-00000000d001',
      records: [{ id: '0193a1b2-0000-7000-8000-0000000000a1', seq: 1, at: '2026-11-30T08:00:00Z', kind: 'lesson_done', data: { lesson } }],
    },
  });
  expect(push.ok()).toBe(true);
  await page.reload();
  await expect(ppe.locator('td').nth(1)).toHaveText('✓');
  await expect(page.locator('ul.criteria li[data-covered=true]', { hasText: 'Personal protective equipment is selected and worn' })).toHaveCount(1);
});
