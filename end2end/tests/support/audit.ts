// What a person sees, checked the same way on every page: nothing outside a 360-px
// screen, axe-core finds nothing, and the layout does not jump after the first paint.
import AxeBuilder from '@axe-core/playwright';
import { expect, type BrowserContext, type Page } from '@playwright/test';

/** The pages of each role, found by following the links a person would follow. */
export async function pagesOf(context: BrowserContext, role: string): Promise<string[]> {
  const get = async (path: string) => (await context.request.get(path)).text();
  const first = (html: string, pattern: RegExp) => pattern.exec(html)?.[1];
  switch (role) {
    case 'learner': {
      const home = await get('/learn');
      const course = first(home, /href="(\/learn\/course\/[^"]+)"/)!;
      const progress = first(home, /href="(\/learn\/progress\/[^"]+)"/)!;
      const lesson = first(await get(course), /href="(\/learn\/lesson\/[^"]+)"/)!;
      return ['/learn', course, lesson, progress, '/learn/timetable', '/learn/rpl', '/check-in', '/account'];
    }
    case 'trainer': {
      const home = await get('/teach');
      const session = first(home, /href="(\/teach\/session\/[^"]+)"/)!;
      const klass = first(await get(session), /href="(\/teach\/class\/[^"/]+)"/)!;
      return ['/teach', session, klass, '/teach/classes', `${klass}/report`, '/account'];
    }
    case 'admin': {
      const report = first(await get('/admin/reports'), /href="(\/admin\/classes\/[^"/]+\/report)"/)!;
      return ['/admin', '/admin/attendance', '/admin/people', '/admin/blend', '/admin/reports', report, '/admin/rpl', '/account'];
    }
    case 'curriculum': {
      const standard = first(await get('/curriculum/standards'), /href="(\/curriculum\/standards\/[^"]+)"/)!;
      const programme = first(await get('/curriculum'), /href="(\/curriculum\/programmes\/[^"]+)"/)!;
      const activity = first(await get(programme), /href="(\/curriculum\/programmes\/[^"]+\/activities\/[^"]+)"/)!;
      return ['/curriculum', '/curriculum/standards', standard, programme, `${programme}/report`, activity, `${activity}/lesson`, '/curriculum/packages', '/account'];
    }
    case 'assessor':
      return ['/assess', '/curriculum/packages', '/account'];
    default:
      return [`/${role}`, '/account'];
  }
}

/** Signs `context` in (a cookie, no page load). */
export async function signInContext(context: BrowserContext, username: string) {
  const res = await context.request.post('/login', { form: { username, password: 'sala-demo' }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
}

export async function setLanguage(context: BrowserContext, origin: string, lang: 'en' | 'km') {
  await context.addCookies([{ name: 'sala_lang', value: lang, url: origin }]);
}

/** Elements that stick out of the viewport sideways (unless a scrolling box clips them). */
export async function outsideViewport(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if ((r.left < -0.5 || r.right > width + 0.5) && !clipped(el)) {
        out.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${width}`);
      }
    }
    return out;
  });
}

/** axe-core's violations on the page as it is now, as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** What a person sees is right: nothing outside the screen, nothing axe-core finds. */
export async function looksRight(page: Page, where: string) {
  expect(await outsideViewport(page), `${where}: outside the screen`).toEqual([]);
  expect(await axeViolations(page), `${where}: axe`).toEqual([]);
}

/** Call before the first navigation: records every layout shift not caused by input,
 * and every Content-Security-Policy violation. */
export async function recordLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    const c = window as unknown as { __csp: string[] };
    c.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      c.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
    const w = window as unknown as { __shifts: { value: number; sources: string[] }[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] }[]) {
        if (entry.hadRecentInput) continue;
        const sources = (entry.sources ?? []).map((s) => {
          const el = s.node as Element | undefined;
          return el && el.tagName ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${String(el.className)}` : '?';
        });
        w.__shifts.push({ value: entry.value, sources });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The sum of the shifts recorded so far (an upper bound of CLS), and their sources. */
export async function layoutShift(page: Page): Promise<{ total: number; sources: string[] }> {
  return page.evaluate(() => {
    const shifts = (window as unknown as { __shifts: { value: number; sources: string[] }[] }).__shifts ?? [];
    return { total: shifts.reduce((a, s) => a + s.value, 0), sources: shifts.flatMap((s) => s.sources.map((x) => `${x} ${s.value.toFixed(4)}`)) };
  });
}

/** The Content-Security-Policy violations this page reported. */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}
