/**
 * The sandbox as its own process with a state folder, killed with `kill -9` at random points
 * while writes are in flight: every acknowledged write must be there after the restart, and
 * retrying every write with `If-None-Match: *` (as the app's outbox does) leaves each exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../../test/support/sandbox-process';
import { getSandboxToken } from './test-client';

let sandbox: SandboxProcess;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-process-'));
  sandbox = await startSandboxProcess({ stateDir: dir, appLaunchUrl: 'http://127.0.0.1:5999/' });
});
afterAll(async () => {
  await sandbox.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function note(id: string): string {
  return JSON.stringify({
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    subject: { reference: 'Patient/sandbox-empty' },
    content: [
      { attachment: { contentType: 'text/plain', data: Buffer.from(id).toString('base64') } },
    ],
  });
}

/** PUT with If-None-Match: *; resolves to the status, or 0 when the connection died. */
async function putOnce(token: string, id: string): Promise<number> {
  try {
    const res = await fetch(`${sandbox.fhirBaseUrl}/DocumentReference/${id}`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/fhir+json',
        'If-None-Match': '*',
      },
      body: note(id),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

describe('sandbox process with --state', () => {
  it('prints a ready line and answers CORS for a web host origin', async () => {
    expect(sandbox.fhirBaseUrl).toBe(`http://127.0.0.1:${String(sandbox.port)}/fhir`);
    const preflight = await fetch(`${sandbox.fhirBaseUrl}/DocumentReference/x`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:5999',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization, content-type, if-none-match',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5999');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('If-None-Match');
  });

  it('loses no acknowledged write and duplicates none across 5 kill -9 restarts', async () => {
    const { access_token: token } = await getSandboxToken(sandbox, { username: 'dr.weber' });
    const acknowledged = new Set<string>();
    let cutOff = 0;
    const all: string[] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      const pidBefore = sandbox.pid;
      const ids = Array.from({ length: 12 }, (_, i) => `kill-${String(cycle)}-${String(i)}`);
      all.push(...ids);
      // Stagger the writes so the kill lands before, during and after some of them.
      const writes = ids.map(async (id, i) => {
        await new Promise((r) => setTimeout(r, i * 2));
        const status = await putOnce(token, id);
        if (status === 201) acknowledged.add(id);
        else expect(status).toBe(0);
      });
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 25));
      await sandbox.stop('SIGKILL');
      await Promise.all(writes);
      await sandbox.restart();
      expect(sandbox.pid).not.toBe(pidBefore);
      // The token from before all restarts still works; every acknowledged write is there.
      for (const id of acknowledged) {
        const res = await fetch(`${sandbox.fhirBaseUrl}/DocumentReference/${id}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        expect(res.status, id).toBe(200);
      }
      // The outbox's retry: already there → 412, never there → 201; never a second copy.
      // (A write the kill cut off may have landed without its answer: 412 is right then too.)
      for (const id of ids) {
        const status = await putOnce(token, id);
        if (acknowledged.has(id)) expect(status, id).toBe(412);
        else {
          expect([201, 412], id).toContain(status);
          cutOff++;
        }
        acknowledged.add(id);
      }
    }
    const res = await fetch(
      `${sandbox.fhirBaseUrl}/DocumentReference?subject=Patient/sandbox-empty&_count=1000`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const bundle = (await res.json()) as { total: number; entry?: { resource: { id: string } }[] };
    const found = (bundle.entry ?? []).map((e) => e.resource.id).sort();
    expect(found).toEqual([...all].sort());
    expect(bundle.total).toBe(all.length);
    console.log(
      `kill test: ${String(all.length - cutOff)} acknowledged, ${String(cutOff)} cut off`,
    );
    // The kills must have landed among the writes, or this test proves nothing.
    expect(cutOff).toBeGreaterThan(0);
    expect(cutOff).toBeLessThan(all.length);
  }, 40_000);
});
