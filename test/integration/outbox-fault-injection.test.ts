/**
 * Fault injection for the outbox (issue 3): 100 cycles of killing (SIGKILL) and restarting the
 * real sandbox process at random points while the real outbox code sends notes over HTTP.
 * Afterwards every note exists on the server exactly once and none is missing.
 * The outbox runs on fake-indexeddb in Node; the server, HTTP and the kill are real.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from 'fhir/r4';
import { createFhirApi } from '../../renderer/src/fhir/createFhirApi';
import { BrowserKeyStorage } from '../../renderer/src/offline/keys';
import { openOfflineScope, type OfflineScope } from '../../renderer/src/offline/offline-scope';
import { buildClinicalNote, noteTitle } from '../../renderer/src/offline/clinical-note';
import { freshDb } from '../../renderer/src/offline/test-fakes';
import { getSandboxToken } from '../../server/sandbox/test-client';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';

const CYCLES = Number(process.env.FAULT_CYCLES ?? 100);
const PATIENT = 'sandbox-copd';

/** Deterministic pseudo-random kill points, so a failure can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('outbox under a server that is killed at random points', () => {
  let stateDir: string;
  let sandbox: SandboxProcess;
  let offline: OfflineScope;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'cw-fault-'));
    sandbox = await startSandboxProcess({ stateDir });
  });

  afterAll(async () => {
    offline.close();
    await sandbox.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it(`delivers every note exactly once across ${CYCLES} kill/restart cycles`, async () => {
    const { access_token: token } = await getSandboxToken(sandbox, {
      username: 'dr.weber',
      scope: 'openid fhirUser user/*.rs user/DocumentReference.cu offline_access',
    });
    const api = createFhirApi({
      serverUrl: sandbox.fhirBaseUrl,
      serverName: 'Sandbox',
      getAccessToken: () => token,
      refresh: () => Promise.resolve(false),
      timeoutMs: 5_000,
    });
    const db = freshDb();
    offline = await openOfflineScope(
      { serverId: 'sandbox', userKey: 'Practitioner/practitioner-weber' },
      new BrowserKeyStorage(),
      { db, outbox: { baseDelayMs: 1, maxDelayMs: 1 } },
    );
    const random = mulberry32(20261122);
    const written: string[] = [];
    let killsDuringSend = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      for (let n = 0; n < 1 + Math.floor(random() * 3); n++) {
        const text = `Fault-injection note ${cycle}.${n}`;
        const resource = buildClinicalNote({ patientId: PATIENT, text });
        await offline.outbox.enqueue({ patientId: PATIENT, resource, label: noteTitle(text) });
        written.push(resource.id ?? '');
      }
      const sending = offline.outbox.flush(api, { force: true });
      await new Promise((r) => setTimeout(r, random() * 60));
      const pendingBefore = (await offline.outbox.list()).filter((e) => e.state !== 'sent').length;
      await sandbox.stop('SIGKILL');
      if (pendingBefore > 0) killsDuringSend++;
      await sending; // fails softly: unsent entries stay pending
      await sandbox.restart();
    }

    // The server is up for good: everything left goes out.
    for (let i = 0; i < 20; i++) {
      await offline.outbox.flush(api, { force: true });
      const left = (await offline.outbox.list()).filter((e) => e.state !== 'sent');
      if (left.length === 0) break;
      expect(
        left.every((e) => e.state !== 'failed'),
        JSON.stringify(left),
      ).toBe(true);
    }
    const entries = await offline.outbox.list();
    expect(entries.filter((e) => e.state === 'sent')).toHaveLength(written.length);

    const response = await fetch(
      `${sandbox.fhirBaseUrl}/DocumentReference?patient=${PATIENT}&_count=1000`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const bundle = (await response.json()) as Bundle;
    const onServer = (bundle.entry ?? []).map((e) => e.resource?.id ?? '');
    const ours = onServer.filter((id) => written.includes(id));
    expect(new Set(ours).size).toBe(ours.length); // no duplicates
    expect([...ours].sort()).toEqual([...written].sort()); // none missing
    // The kills really landed while notes were on their way.
    expect(killsDuringSend).toBeGreaterThan(CYCLES / 4);
  }, 600_000);
});
