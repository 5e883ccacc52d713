import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, SalaServer } from './support/server';

// Lighthouse (mobile: a mid-range phone on a slow 4G line, simulated) on the pages
// learners and trainers open most: performance at least 98, layout shift at most 0.02.
// Its own project, run after every other test (playwright.config.ts), so nothing else
// competes for the two cores while it measures.
const server = new SalaServer(3108);
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

async function cookieOf(username: string): Promise<string> {
  const res = await fetch(`${server.origin}/login`, {
    method: 'POST',
    body: new URLSearchParams({ username, password: 'sala-demo' }),
    redirect: 'manual',
  });
  return /sala_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

async function firstLink(path: string, cookie: string, prefix: string): Promise<string> {
  const html = await (await fetch(`${server.origin}${path}`, { headers: { cookie } })).text();
  return new RegExp(`href="(${prefix}[^"]+)"`).exec(html)![1];
}

test('Lighthouse mobile: performance >= 98 and layout shift <= 0.02', async () => {
  test.setTimeout(420_000);
  const { default: lighthouse } = await import('lighthouse');
  const learner = await cookieOf('learner');
  const trainer = await cookieOf('trainer');
  const course = await firstLink('/learn', learner, '/learn/course/');
  const pages: [string, string, string | null][] = [
    ['sign-in', '/login', null],
    ['My courses', '/learn', learner],
    ['a lesson', await firstLink(course, learner, '/learn/lesson/'), learner],
    ['the roll call', await firstLink('/teach', trainer, '/teach/session/'), trainer],
  ];
  const port = 9300 + Math.floor(Math.random() * 500);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`] });
  const results: string[] = [];
  const problems: string[] = [];
  try {
    for (const [name, path, cookie] of pages) {
      // The median of three runs, as Lighthouse's own guidance has it (one run on a busy
      // machine varies by a few points).
      const runs = [];
      for (let i = 0; i < 3; i++) {
        const run = await lighthouse(`${server.origin}${path}`, {
          port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance'],
          extraHeaders: cookie ? { Cookie: cookie } : undefined,
        });
        runs.push(run!.lhr);
      }
      runs.sort((a, b) => (a.categories.performance.score ?? 0) - (b.categories.performance.score ?? 0));
      const lhr = runs[1];
      const score = Math.round((lhr.categories.performance.score ?? 0) * 100);
      const cls = Math.max(...runs.map((r) => r.audits['cumulative-layout-shift'].numericValue ?? 1));
      const line = `${name}: performance ${score} (runs ${runs.map((r) => Math.round((r.categories.performance.score ?? 0) * 100)).join(', ')}), LCP ${lhr.audits['largest-contentful-paint'].displayValue}, TBT ${lhr.audits['total-blocking-time'].displayValue}, CLS ${cls.toFixed(3)}`;
      results.push(line);
      if (score < 98 || cls > 0.02) problems.push(line);
    }
  } finally {
    await browser.close();
  }
  console.log(`Lighthouse (mobile):\n  ${results.join('\n  ')}`);
  expect(problems).toEqual([]);
});
