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
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
