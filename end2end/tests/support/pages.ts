// Page objects: what a person sees and does, by role and label rather than CSS.
import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'sala-demo';

export const HOMES = {
  learner: { path: '/learn', heading: 'My courses' },
  trainer: { path: '/teach', heading: "Today's sessions" },
  assessor: { path: '/assess', heading: 'Assessor' },
  curriculum: { path: '/curriculum', heading: 'Curriculum developer' },
  admin: { path: '/admin', heading: 'Institute admin' },
} as const;
export type Role = keyof typeof HOMES;

export class LoginPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/login');
  }

  async signIn(username: string, password = PASSWORD) {
    await this.page.locator('#username').fill(username);
    await this.page.locator('#password').fill(password);
    await this.page.locator('form[action="/login"] button[type=submit]').click();
  }

  error() {
    return this.page.locator('#login-error');
  }
}

export class Header {
  constructor(readonly page: Page) {}

  languageButton() {
    return this.page.locator('#lang-switch');
  }

  async switchLanguage() {
    await this.languageButton().click();
  }

  async signOut() {
    await this.page.locator('#sign-out').click();
  }
}

export async function signInAs(page: Page, role: Role) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(role);
  await expect(page).toHaveURL(new RegExp(`${HOMES[role].path}$`));
}

/** Waits until the app has hydrated: the language switch handles clicks in place, and every
 * island of the page answers taps (the island script yields between islands); generous,
 * for two browsers share two cores with the server. */
export async function hydrated(page: Page) {
  await expect(page.locator('html[data-hydrated][data-islands="hydrated"]')).toHaveCount(1, { timeout: 30_000 });
}

/** Waits for the service worker, then reloads so that it controls the page. */
export async function underServiceWorker(page: Page) {
  await hydrated(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** Waits until the service worker has kept `path` (in English) for offline use: a page
 * kept in the background (today's roll calls, the timetable) is only there once it is. */
export async function keptOffline(page: Page, path: string) {
  await expect
    .poll(() => page.evaluate(async (p) => !!(await caches.match(new URL(`${p}?__lang=en`, location.href).href)), path), { timeout: 15_000 })
    .toBe(true);
}

/** The device bar's count of changes not yet sent (-1 before it knows). */
export async function unsynced(page: Page): Promise<number> {
  return Number((await page.locator('#unsynced').getAttribute('data-count')) ?? -1);
}

/** Entries in the device's own stores (the outbox and the records it knows), read from
 * IndexedDB directly in every `sala-*` database: what the device would send or show. */
export async function deviceRecords(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let count = 0;
    for (const { name } of await indexedDB.databases()) {
      if (!name?.startsWith('sala-')) continue;
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      for (const store of ['outbox', 'records']) {
        if (!db.objectStoreNames.contains(store)) continue;
        count += await new Promise<number>((ok, fail) => {
          const req = db.transaction(store).objectStore(store).count();
          req.onsuccess = () => ok(req.result);
          req.onerror = () => fail(req.error);
        });
      }
      db.close();
    }
    return count;
  });
}
