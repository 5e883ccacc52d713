import { expect, test, type Page } from '@playwright/test';
import { looksRight, signInContext } from './support/audit';
import { deviceRecords, hydrated, LoginPage, underServiceWorker, unsynced } from './support/pages';
import { SalaServer } from './support/server';

// A curriculum developer turns the classic, all face-to-face draft of a standard into a
// blended programme on a 360-px phone, from the interface alone and with plain forms:
// splits and edits activities, writes a lesson in Khmer and English with a photo from
// the phone, reads the blend report against the targets the admin set, publishes, and
// starts a new version. With the server stopped, pages seen before open and a save
// waits for the network; going back finds the typed text still there.
const server = new SalaServer(3112);
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

/** A 12-megapixel photo as a phone's camera writes one (JPEG, fine grain everywhere). */
async function phonePhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const g = canvas.getContext('2d')!;
    const sky = g.createLinearGradient(0, 0, 0, 3000);
    sky.addColorStop(0, '#8fb8e8');
    sky.addColorStop(1, '#3b5e2b');
    g.fillStyle = sky;
    g.fillRect(0, 0, 4000, 3000);
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 50% ${30 + (i % 40)}%)`;
      g.fillRect((i * 997) % 4000, (i * 613) % 3000, 80 + (i % 7) * 40, 60 + (i % 5) * 50);
    }
    const image = g.getImageData(0, 0, 4000, 3000);
    let seed = 12345;
    for (let p = 0; p < image.data.length; p += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const grain = (seed % 17) - 8;
      image.data[p] += grain;
      image.data[p + 1] += grain;
      image.data[p + 2] += grain;
    }
    g.putImageData(image, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  });
  return Buffer.from(base64, 'base64');
}

test('blend a classic draft, write a lesson with a photo, report, publish, new version', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn('curriculum');
  await expect(page).toHaveURL(/\/curriculum$/);
  await underServiceWorker(page);

  // The classic starting point: every unit's hours face to face.
  await page.locator('#open-standards').click();
  await page.locator('#standards a', { hasText: 'ELE-CQF2-EI' }).first().click();
  await page.locator('#start-programme button').click();
  await expect(page.locator('#programme-status')).toHaveText('Draft');
  await expect(page.locator('#blend tbody tr').first()).toContainText('100 %');
  await looksRight(page, 'the draft');
  const programme = page.url();
  const rows = page.locator('.activity-row');
  const before = await rows.count();

  // Split the first activity in two, then make its second half self-paced online reading.
  await rows.first().getByRole('button', { name: 'Split in two' }).click();
  await expect(page.locator('#edit-saved')).toBeVisible();
  await expect(rows).toHaveCount(before + 1);
  await rows.nth(1).locator('.activity-title a').click();
  await expect(page.locator('#activity-form')).toBeVisible();
  await looksRight(page, 'an activity');
  // Both titles empty: refused with the reason; what was typed stays.
  await page.locator('#title-km').fill('');
  await page.locator('#title-en').fill('');
  await page.locator('#mode').selectOption('online_self_paced');
  await page.locator('#save-activity').click();
  await expect(page.locator('#edit-error')).toContainText('Give the activity a title');
  await expect(page.locator('#mode')).toHaveValue('online_self_paced');
  await page.locator('#title-km').fill('អាន៖ សុវត្ថិភាពអគ្គិសនី');
  await page.locator('#title-en').fill('Reading: electrical safety');
  await page.locator('#minutes').fill('45');
  const criteria = page.locator('fieldset.criteria-choice input[type=checkbox]');
  for (let i = 0; i < (await criteria.count()); i++) await criteria.nth(i).uncheck();
  await criteria.nth(0).check();
  await criteria.nth(1).check();
  await page.locator('#save-activity').click();
  await expect(page.locator('#edit-saved')).toBeVisible();
  await expect(rows.nth(1)).toContainText('Reading: electrical safety');
  await expect(rows.nth(1)).toContainText('Online, self-paced');
  await expect(page.locator('#blend tbody tr').nth(2).locator('td').first()).toHaveText('45 min');
  // Move it first.
  await rows.nth(1).getByRole('button', { name: 'Move up' }).click();
  await expect(rows.first()).toContainText('Reading: electrical safety');

  // Its lesson, in both languages, with a photo taken on the phone.
  await rows.first().locator('.activity-title a').click();
  await page.locator('#write-lesson').click();
  await expect(page.locator('#lesson-form')).toBeVisible();
  await page.locator('#lesson-title-km').fill('សុវត្ថិភាពអគ្គិសនី');
  await page.locator('#lesson-title-en').fill('Electrical safety');
  await page.locator('#lesson-body-km').fill('## មុនពេលធ្វើការ\n\nបិទចរន្តអគ្គិសនី។');
  await page.locator('#lesson-body-en').fill('## Before you start\n\nSwitch the power **off**.');
  const photo = await phonePhoto(page);
  await page.locator('#lesson-image').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.locator('#alt-km').fill('ផ្លាកសញ្ញាគ្រោះថ្នាក់អគ្គិសនី');
  await page.locator('#alt-en').fill('An electrical danger sign');
  await page.locator('#upload-image').click();
  await expect(page.locator('#image-added')).toBeVisible();
  // Nothing typed was lost; the photo is in both texts and in the preview, sized.
  await expect(page.locator('#lesson-title-en')).toHaveValue('Electrical safety');
  await expect(page.locator('#lesson-body-en')).toHaveValue(/Switch the power \*\*off\*\*\.\n\n!\[An electrical danger sign\]\(\/media\/lesson\/.+\.jpg "1280x960"\)/);
  await expect(page.locator('#lesson-body-km')).toHaveValue(/!\[ផ្លាកសញ្ញាគ្រោះថ្នាក់អគ្គិសនី\]/);
  const preview = page.locator('.phone-preview[lang=en] img');
  await expect(preview).toHaveAttribute('width', '1280');
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1280);
  const stored = Number(server.sql('SELECT LENGTH(bytes) FROM lesson_images'));
  console.log(`a 12-megapixel phone photo: ${photo.length} bytes taken, ${stored} bytes stored at 1280 × 960`);
  expect(stored).toBeLessThan(400 * 1024);
  await expect(page.locator('.image-size')).toContainText('1280 × 960 px');
  await page.locator('#save-lesson').click();
  await expect(page.locator('#lesson-saved')).toBeVisible();
  await expect(page.locator('.phone-preview[lang=en] h2')).toHaveText('Before you start');
  await looksRight(page, 'the lesson editor');
  expect(server.sql("SELECT COUNT(*) FROM lessons WHERE title_en = 'Electrical safety'")).toBe('1');

  // Offline: the save waits for the network, and going back finds the text as typed.
  await page.locator('#lesson-body-en').fill('## Before you start\n\nSwitch the power **off**. Test it is dead.');
  await server.stop();
  await page.locator('#save-lesson').click();
  await expect(page).toHaveURL(/\/offline/);
  await page.goBack();
  await expect(page.locator('#lesson-body-en')).toHaveValue(/Test it is dead\./);
  await server.start();
  expect(server.sql("SELECT COUNT(*) FROM lessons WHERE body_en LIKE '%Test it is dead%'")).toBe('0');
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/lesson')),
    page.locator('#save-lesson').click(),
  ]);
  await expect.poll(() => server.sql("SELECT COUNT(*) FROM lessons WHERE body_en LIKE '%Test it is dead%'")).toBe('1');

  // Its knowledge check: options that do not match are refused, what was typed stays.
  await page.locator('#open-check').click();
  const question = page.locator('#new');
  await question.locator('select[name=kind]').selectOption('multiple_choice');
  await question.locator('input[name=prompt_km]').fill('តើចរន្តប៉ុន្មាន ដែលអាចធ្វើឱ្យស្លាប់បាន?');
  await question.locator('input[name=prompt_en]').fill('How much current can kill?');
  await question.locator('textarea[name=options_km]').fill('៣ មីលីអំពែរ\n៣០ មីលីអំពែរ');
  await question.locator('textarea[name=options_en]').fill('3 mA\n30 mA\n30 A');
  await question.locator('select[name=answer]').selectOption('2');
  await question.getByRole('button', { name: 'Save the question' }).click();
  await expect(page.locator('#question-error')).toContainText('the same number of options');
  await expect(page.locator('#new textarea[name=options_en]')).toHaveValue('3 mA\n30 mA\n30 A');
  await page.locator('#new textarea[name=options_km]').fill('៣ មីលីអំពែរ\n៣០ មីលីអំពែរ\n៣០ អំពែរ');
  await page.locator('#new').getByRole('button', { name: 'Save the question' }).click();
  await expect(page.locator('#question-saved')).toBeVisible();
  await expect(page.locator('#check-preview li.question')).toHaveCount(1);
  await expect(page.locator('#check-preview')).toContainText('30 mA ✓ right answer');
  // Preview as a learner: the learner's own check, scored on the phone, recording nothing.
  await hydrated(page);
  const recordsBefore = await deviceRecords(page);
  const tryIt = page.locator('#try-check');
  await tryIt.getByLabel('3 mA', { exact: true }).check();
  await tryIt.locator('#check-answers').click();
  await expect(tryIt.locator('#check-score')).toHaveText('Your score: 0/1');
  await tryIt.locator('#check-retry').click();
  await tryIt.getByLabel('30 mA', { exact: true }).check();
  await tryIt.locator('#check-answers').click();
  await expect(tryIt.locator('#check-score')).toHaveText('Your score: 1/1');
  await looksRight(page, 'the check editor');
  await page.reload();
  await hydrated(page);
  await expect.poll(() => unsynced(page), { message: "an author's preview records nothing" }).toBe(0);
  expect(await deviceRecords(page), 'nothing written to the outbox or the records').toBe(recordsBefore);

  // The admin sets the institute's targets.
  const admin = await browser.newContext({ baseURL: server.origin, viewport: { width: 360, height: 740 } });
  await signInContext(admin, 'admin');
  const adminPage = await admin.newPage();
  await adminPage.goto('/admin');
  await adminPage.locator('#blend-targets-link').click();
  await adminPage.locator('#online-min').fill('130');
  await adminPage.locator('#save-targets').click();
  await expect(adminPage.locator('#targets-error')).toBeVisible();
  await expect(adminPage.locator('#online-min')).toHaveValue('130');
  await adminPage.locator('#online-min').fill('30');
  await adminPage.locator('#save-targets').click();
  await expect(adminPage.locator('#targets-saved')).toBeVisible();
  await looksRight(adminPage, 'blend targets');
  await admin.close();

  // The blend report: chart and table, hours, coverage, and the gap to the target.
  await page.goto(programme);
  await page.locator('#open-report').click();
  await expect(page.locator('#blend-chart')).toBeVisible();
  await expect(page.locator('#blend-total')).toContainText('%');
  await expect(page.locator('#targets li').first()).toHaveAttribute('data-met', 'false');
  await expect(page.locator('#targets')).toContainText('points to go');
  await expect(page.locator('#coverage-total')).toContainText('performance criteria covered');
  await looksRight(page, 'the blend report');

  // Publish; then nothing can change, and a new version starts from it.
  await page.goto(programme);
  await page.locator('#publish button').click();
  await expect(page.locator('#published-note')).toBeVisible();
  await expect(page.locator('.activity-actions')).toHaveCount(0);
  await page.locator('#new-version button').click();
  await expect(page.locator('#programme-status')).toHaveText('Draft');
  await expect(page).not.toHaveURL(programme);
  await page.locator('.activity-row').first().getByRole('button', { name: 'Remove' }).click();
  await expect(page.locator('#edit-error')).toContainText('holds a lesson');
  await page.locator('.activity-row').nth(1).getByRole('button', { name: 'Remove' }).click();
  await expect(page.locator('#edit-saved')).toBeVisible();
  await page.locator('#compare button').click();
  await expect(page.locator('#diff .diff-row')).toHaveCount(1);
  await expect(page.locator('#diff .diff-row')).toHaveAttribute('data-kind', 'removed');
  await looksRight(page, 'the version diff');
});
