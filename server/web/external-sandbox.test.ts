/**
 * The browser host with a sandbox in its own process (`--sandbox-url`): it offers that sandbox
 * as the "Embedded sandbox" entry and starts none itself, so tests can kill the sandbox alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID } from '../../shared/config/app-config';
import { freePort, startSandboxProcess } from '../../test/support/sandbox-process';
import { startWebHostProcess } from '../../test/support/web-host-process';
import { startWebHost } from './index';

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
function rendererDir(): string {
  const dir = tempDir('web-renderer-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('external sandbox', () => {
  it('lists the external sandbox in config.json, allows it in the CSP and starts none', async () => {
    const fhirBaseUrl = 'http://127.0.0.1:4999/fhir';
    const host = await startWebHost({
      rendererDir: rendererDir(),
      externalSandbox: { fhirBaseUrl },
    });
    try {
      expect(host.sandbox).toBeUndefined();
      expect(host.sandboxFhirBaseUrl).toBe(fhirBaseUrl);
      const config = (await (await fetch(`${host.url}config.json`)).json()) as unknown;
      expect(config).toEqual({
        servers: [
          {
            id: 'sandbox',
            name: 'Embedded sandbox',
            fhirBaseUrl,
            clientId: SANDBOX_CLIENT_ID,
            embedded: true,
          },
        ],
        defaultServerId: 'sandbox',
        // Consults: an embedded signaling service trusting that sandbox's tokens.
        consult: { signalingUrl: host.signaling?.url },
      });
      expect(host.signaling?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(host.url);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain('http://127.0.0.1:4999');
      // The app may reach the signaling service over HTTP and WebSocket.
      expect(csp).toContain(host.signaling?.url ?? 'missing');
      expect(csp).toContain((host.signaling?.url ?? 'missing').replace('http:', 'ws:'));
    } finally {
      await host.close();
    }
  });

  it('keeps a configured signaling service and cache policy, and embeds no signaling then', async () => {
    const fhirBaseUrl = 'http://127.0.0.1:4999/fhir';
    const configFile = join(tempDir('web-config-'), 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        servers: [],
        consult: { signalingUrl: 'https://video.clinic.example' },
        cache: { pinDays: 3, wipeOnSignOut: true },
      }),
    );
    const host = await startWebHost({
      rendererDir: rendererDir(),
      configFile,
      externalSandbox: { fhirBaseUrl },
    });
    try {
      expect(host.signaling).toBeUndefined();
      const config = (await (await fetch(`${host.url}config.json`)).json()) as Record<
        string,
        unknown
      >;
      expect(config.consult).toEqual({ signalingUrl: 'https://video.clinic.example' });
      expect(config.cache).toEqual({ pinDays: 3, wipeOnSignOut: true, retentionDays: 30 });
      const csp = (await fetch(host.url)).headers.get('content-security-policy') ?? '';
      expect(csp).toContain('https://video.clinic.example');
      expect(csp).toContain('wss://video.clinic.example');
    } finally {
      await host.close();
    }
  });

  it('runs as two processes: web host --sandbox-url and a sandbox that launches back to it', async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${String(port)}/`;
    const sandbox = await startSandboxProcess({
      stateDir: tempDir('web-sandbox-state-'),
      appLaunchUrl: appUrl,
    });
    try {
      const host = await startWebHostProcess([
        '--port',
        String(port),
        '--renderer',
        rendererDir(),
        '--sandbox-url',
        sandbox.fhirBaseUrl,
      ]);
      try {
        expect(host.url).toBe(appUrl);
        expect(host.fhirBaseUrl).toBe(sandbox.fhirBaseUrl);
        const config = (await (await fetch(`${host.url}config.json`)).json()) as {
          servers: { fhirBaseUrl: string }[];
        };
        expect(config.servers.map((s) => s.fhirBaseUrl)).toEqual([sandbox.fhirBaseUrl]);
        // The sandbox's simulated EHR launches into this web host.
        const ehr = await (await fetch(`${sandbox.origin}/ehr`)).text();
        expect(ehr).toContain(appUrl);
      } finally {
        await host.stop();
      }
    } finally {
      await sandbox.stop();
    }
  }, 30_000);
});
