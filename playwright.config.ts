import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './test/support/chromium';

export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  globalSetup: './test/support/global-setup.ts',
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs },
    // Far from UTC on purpose: a date-only value parsed as a UTC instant would show the day
    // before here, so every date assertion in E2E doubles as a time-zone check.
    timezoneId: 'Pacific/Honolulu',
    locale: 'en-US',
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
