import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * Three builds: main (ESM), preload (CommonJS: a sandboxed preload cannot be ESM) and the
 * renderer. The renderer build is also what the browser host (server/web) serves.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require('electron') (and a few Node-free modules), so
      // zod and shared/ must be bundled into index.cjs instead of left as require() calls.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'renderer/index.html'),
          // The patient's page for video consults, served by the signaling service.
          patient: resolve(import.meta.dirname, 'renderer/patient.html'),
        },
        onwarn(warning, warn) {
          // fhirclient's isomorphic-webcrypto shim probes `module` at run time on purpose;
          // in the browser bundle the probe is simply false. Every other warning still shows.
          if (
            warning.code === 'COMMONJS_VARIABLE_IN_ESM' &&
            (warning.id ?? '').includes('isomorphic-webcrypto')
          ) {
            return;
          }
          warn(warning);
        },
      },
    },
  },
});
