import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('parseCliArgs: the monitoring simulator', () => {
  it('turns it on with --simulator, or with --simulate-every (which implies it)', () => {
    expect(parseCliArgs(['--simulator'])).toMatchObject({ ok: true, value: { simulator: true } });
    const none = parseCliArgs([]);
    expect(none.ok && none.value.simulator).toBeUndefined();
    expect(parseCliArgs(['--simulate-every', '30s'])).toMatchObject({
      ok: true,
      value: { simulator: true, simulateEveryMs: 30_000 },
    });
    expect(parseCliArgs(['--simulate-every=2m'])).toMatchObject({
      ok: true,
      value: { simulateEveryMs: 120_000 },
    });
  });

  it('explains a bad interval', () => {
    expect(parseCliArgs(['--simulate-every', '100ms'])).toEqual({
      ok: false,
      error: '--simulate-every: must be a duration of at least 1s (e.g. 30s)',
    });
    expect(parseCliArgs(['--simulate-every', 'often'])).toMatchObject({ ok: false });
    expect(parseCliArgs(['--simulate-every'])).toEqual({
      ok: false,
      error: '--simulate-every needs a value',
    });
  });
});

describe('cli --simulator', () => {
  it('prints the control endpoint and takes a reading with the secret from the environment', async () => {
    const secret = 'cli-test-secret-from-env';
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--simulator'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SANDBOX_ADMIN_SECRET: secret },
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /Monitoring simulator: POST (\S+)/.exec(out);
          if (match?.[1] && out.includes('SANDBOX_READY')) resolve(match[1]);
        });
        child.on('exit', () => reject(new Error(`exited early: ${out}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/monitoring\/readings$/);
      // The secret came from the environment: it is not printed.
      expect(out).not.toContain(secret);
      expect(out).toContain('X-Sandbox-Admin-Secret: (the value of SANDBOX_ADMIN_SECRET)');
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Sandbox-Admin-Secret': secret },
        body: JSON.stringify({ patient: 'sandbox-copd', metric: 'spo2', value: 90, unit: '%' }),
      });
      expect(res.status).toBe(201);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);
});
