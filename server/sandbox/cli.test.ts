import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('parseCliArgs', () => {
  it('parses ports, repeated --data and --seed', () => {
    expect(parseCliArgs(['--port', '8080', '--data', 'a', '--data=b', '--seed', '3'])).toEqual({
      ok: true,
      value: { port: 8080, dataDirs: ['a', 'b'], seed: 3, help: false },
    });
  });

  it('parses --state', () => {
    expect(parseCliArgs(['--state', 'var/sandbox'])).toMatchObject({
      ok: true,
      value: { stateDir: 'var/sandbox' },
    });
    expect(parseCliArgs(['--state'])).toMatchObject({ ok: false, error: '--state needs a value' });
  });

  it('explains bad input', () => {
    expect(parseCliArgs(['--port', 'abc'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--port') as unknown,
    });
    expect(parseCliArgs(['--port', '70000'])).toMatchObject({
      ok: false,
      error: '--port: must be 0-65535',
    });
    expect(parseCliArgs(['--data'])).toMatchObject({ ok: false, error: '--data needs a value' });
    expect(parseCliArgs(['--frob'])).toMatchObject({
      ok: false,
      error: 'Unknown argument "--frob"',
    });
  });
});

function run(
  args: string[],
  onLine?: (line: string, kill: () => void) => void,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      onLine?.(out, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('cli', () => {
  it('prints the FHIR base URL and stops on SIGTERM', async () => {
    let killed = false;
    const result = await run(['--port', '0'], (out, kill) => {
      if (!killed && out.includes('Demo accounts:')) {
        killed = true;
        kill();
      }
    });
    expect(result.out).toMatch(/Sandbox FHIR base URL: http:\/\/127\.0\.0\.1:\d+\/fhir/);
    expect(result.out).toContain('dr.weber / weber-demo');
    expect(result.out).toContain('Sandbox stopped.');
    const ready = /^SANDBOX_READY (.+)$/m.exec(result.out)?.[1] ?? '{}';
    expect(JSON.parse(ready)).toMatchObject({
      fhirBaseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/) as unknown,
      port: expect.any(Number) as unknown,
    });
    expect(result.code).toBe(0);
  });

  it('exits non-zero naming a missing data folder', async () => {
    const result = await run(['--data', '/nonexistent/folder']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('/nonexistent/folder');
  });
});
