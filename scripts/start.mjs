#!/usr/bin/env node
/**
 * `npm start`: build, then run the workstation in Electron when its binary is available;
 * otherwise say so in one line and serve the browser host on 127.0.0.1.
 * Extra arguments go to the browser host (e.g. `npm start -- --data ../shared/fixtures/synthea`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const extraArgs = process.argv.slice(2);

/**
 * Path of the Electron binary, or why it cannot be used. The electron package fetches its
 * binary lazily; we try that fetch once, quietly and with a time limit, instead of letting
 * `require('electron')` print a download stack trace.
 */
export function findElectronBinary() {
  const packageDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const binaryFromPathFile = () =>
    existsSync(pathFile)
      ? join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
      : undefined;
  let binary = binaryFromPathFile();
  if (binary === undefined || !existsSync(binary)) {
    const download = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
      stdio: 'pipe',
      timeout: 120_000,
      encoding: 'utf8',
    });
    binary = binaryFromPathFile();
    if (download.status !== 0 || binary === undefined || !existsSync(binary)) {
      const why = `${download.stderr ?? ''}`
        .split('\n')
        .find((l) => /error/i.test(l))
        ?.trim();
      return {
        ok: false,
        reason: why ? `download failed: ${why.slice(0, 160)}` : 'download failed',
      };
    }
  }
  return { ok: true, path: binary };
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, [
  'node_modules/electron-vite/bin/electron-vite.js',
  'build',
  '--logLevel',
  'warn',
]);

const electron = findElectronBinary();
const child = electron.ok
  ? spawn(electron.path, ['.'], { stdio: 'inherit' })
  : (console.log(
      `Electron binary is unavailable (${electron.reason}); starting the browser host instead.`,
    ),
    spawn(process.execPath, ['--import', 'tsx', 'server/web/cli.ts', ...extraArgs], {
      stdio: 'inherit',
    }));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code) => process.exit(code ?? 0));
