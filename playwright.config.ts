import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium';

/**
 * End-to-end tests in browser mode: the real service and web server in this process, the
 * built renderer (npm run build) and Debian's Chromium (DESIGN.md: Machines).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'tests/output/test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'tests/output/playwright.json' }]],
  use: {
    browserName: 'chromium',
    // A common station PC screen.
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
});
