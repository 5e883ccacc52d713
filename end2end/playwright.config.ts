import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, MAIN_PORT } from './tests/support/server';

// Debian's Chromium on a phone viewport, against the real release server.
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  globalSetup: './tests/support/global-setup.ts',
  use: {
    ...devices['Pixel 5'],
    baseURL: `http://127.0.0.1:${MAIN_PORT}`,
    locale: 'en-US',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'off',
  },
  projects: [
    { name: 'pixel-5', testIgnore: /lighthouse\.spec\.ts/ },
    // Measured alone, once everything else has run.
    { name: 'lighthouse', testMatch: /lighthouse\.spec\.ts/, dependencies: ['pixel-5'] },
  ],
});
