import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    globals: true,
    include: [
      '{main,preload,renderer,shared,server,scripts,bench}/**/*.test.{ts,tsx}',
      'test/integration/**/*.test.ts',
      'test/packaging/**/*.test.ts',
    ],
    environment: 'node',
    setupFiles: ['test/support/vitest-setup.ts'],
    testTimeout: 20_000,
    // Sandbox monitoring data ends on a fixed day in tests (`npm start` ends it today).
    env: { SANDBOX_ANCHOR: 'fixed' },
  },
});
