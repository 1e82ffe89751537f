import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID } from '../../shared/config/app-config';
import { startSandbox, type Sandbox } from './index';
import { JOURNAL_FILE } from './state/journal';
import { getSandboxToken } from './test-client';

const dirs: string[] = [];
const running: Sandbox[] = [];

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
  dirs.push(dir);
  return dir;
}

async function start(dir: string | undefined, port = 0, log?: (l: string) => void) {
  const sb = await startSandbox({ port, ...(dir === undefined ? {} : { stateDir: dir }), log });
  running.push(sb);
  return sb;
}

async function stop(sb: Sandbox): Promise<void> {
  running.splice(running.indexOf(sb), 1);
  await sb.close();
}

const portOf = (sb: Sandbox): number => Number(new URL(sb.origin).port);

afterEach(async () => {
  for (const sb of running.splice(0)) await sb.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function note(id: string, text = `note ${id}`): Record<string, unknown> {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    subject: { reference: 'Patient/sandbox-empty' },
    content: [
      { attachment: { contentType: 'text/plain', data: Buffer.from(text).toString('base64') } },
    ],
  };
}

function fhir(sb: Sandbox, token: string) {
  return (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${sb.fhirBaseUrl}/${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/fhir+json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });
}

const putNew = (call: ReturnType<typeof fhir>, id: string): Promise<Response> =>
  call(`DocumentReference/${id}`, {
    method: 'PUT',
    headers: { 'If-None-Match': '*' },
    body: JSON.stringify(note(id)),
  });

async function refresh(sb: Sandbox, refreshToken: string): Promise<Response> {
  return fetch(`${sb.origin}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: SANDBOX_CLIENT_ID,
    }).toString(),
  });
}

describe('sandbox state folder', () => {
  it('keeps writes, tokens and refresh tokens across a restart on the same port', async () => {
    const dir = stateDir();
    const first = await start(dir);
    const token = await getSandboxToken(first, { username: 'dr.weber' });
    const before = fhir(first, token.access_token);
    const put = await putNew(before, 'note-a');
    expect(put.status).toBe(201);
    const putBody = (await put.json()) as { meta: { versionId: string; lastUpdated: string } };
    const created = await before('Observation', {
      method: 'POST',
      headers: { 'If-None-Exist': 'identifier=urn:test|obs-1' },
      body: JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        identifier: [{ system: 'urn:test', value: 'obs-1' }],
        code: { text: 'test' },
        subject: { reference: 'Patient/sandbox-empty' },
      }),
    });
    expect(created.status).toBe(201);
    const obsId = ((await created.json()) as { id: string }).id;
    await stop(first);

    const second = await start(dir, portOf(first));
    expect(second.fhirBaseUrl).toBe(first.fhirBaseUrl);
    // The access token from before the restart still verifies.
    const after = fhir(second, token.access_token);
    const read = await after('DocumentReference/note-a');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(put.headers.get('etag'));
    expect(((await read.json()) as { meta: unknown }).meta).toEqual(putBody.meta);
    // Exactly once, and If-None-Match: * still sees it.
    const search = await after('DocumentReference?_id=note-a');
    expect(((await search.json()) as { total: number }).total).toBe(1);
    expect((await putNew(after, 'note-a')).status).toBe(412);
    // The conditional create finds the journaled one instead of making a second.
    const again = await after('Observation', {
      method: 'POST',
      headers: { 'If-None-Exist': 'identifier=urn:test|obs-1' },
      body: JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        identifier: [{ system: 'urn:test', value: 'obs-1' }],
        code: { text: 'test' },
      }),
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(obsId);
    // New writes are stamped after the replayed ones.
    const later = await putNew(after, 'note-b');
    const laterBody = (await later.json()) as { meta: { lastUpdated: string } };
    expect(laterBody.meta.lastUpdated > putBody.meta.lastUpdated).toBe(true);

    // Refresh works after the restart; the rotated-out token is still recognised as spent.
    const refreshToken = token.refresh_token ?? '';
    const refreshed = await refresh(second, refreshToken);
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string; refresh_token: string };
    await stop(second);

    const third = await start(dir, portOf(first));
    expect((await fhir(third, next.access_token)('DocumentReference/note-b')).status).toBe(200);
    const reuse = await refresh(third, refreshToken);
    expect(reuse.status).toBe(400);
    expect(await reuse.text()).toContain('already used');
    // Reuse revoked the family, also on disk: the rotated token is dead after another restart.
    await stop(third);
    const fourth = await start(dir, portOf(first));
    expect((await refresh(fourth, next.refresh_token)).status).toBe(400);
    // The kept grants file never holds a usable token.
    const kept = readFileSync(join(dir, 'grants.json'), 'utf8');
    expect(kept).not.toContain(next.refresh_token);
    expect(kept).not.toContain(refreshToken);
  });

  it('without the same state folder nothing carries over (control)', async () => {
    const first = await start(stateDir());
    const token = await getSandboxToken(first, { username: 'dr.weber' });
    expect((await putNew(fhir(first, token.access_token), 'note-c')).status).toBe(201);
    await stop(first);
    const other = await start(stateDir(), portOf(first));
    expect((await fhir(other, token.access_token)('Patient/sandbox-empty')).status).toBe(401);
    const fresh = await getSandboxToken(other, { username: 'dr.weber' });
    expect((await fhir(other, fresh.access_token)('DocumentReference/note-c')).status).toBe(404);
  });

  it('ignores a torn last journal line, logs it and appends cleanly after it', async () => {
    const dir = stateDir();
    const first = await start(dir);
    const token = await getSandboxToken(first, { username: 'dr.weber' });
    expect((await putNew(fhir(first, token.access_token), 'note-d')).status).toBe(201);
    await stop(first);
    const journal = join(dir, JOURNAL_FILE);
    appendFileSync(journal, '{"op":"put","resource":{"resourceType":"DocumentRef');

    const lines: string[] = [];
    const second = await start(dir, portOf(first), (l) => lines.push(l));
    expect(lines.some((l) => l.includes('torn last line') && l.includes(journal))).toBe(true);
    const call = fhir(second, token.access_token);
    expect((await call('DocumentReference/note-d')).status).toBe(200);
    expect((await putNew(call, 'note-e')).status).toBe(201);
    await stop(second);
    expect(readFileSync(journal, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);

    const third = await start(dir, portOf(first));
    const both = await fhir(third, token.access_token)('DocumentReference?_id=note-d,note-e');
    expect(((await both.json()) as { total: number }).total).toBe(2);
  });

  it('refuses to start on a damaged complete journal line, naming the file', async () => {
    const dir = stateDir();
    writeFileSync(join(dir, JOURNAL_FILE), 'not json\n');
    await expect(startSandbox({ stateDir: dir })).rejects.toThrow(`${JOURNAL_FILE} line 1`);
  });

  it('leaves the generated data untouched', async () => {
    const plain = await start(undefined);
    const kept = await start(stateDir());
    const read = async (sb: Sandbox): Promise<string> => {
      const t = await getSandboxToken(sb, { username: 'dr.weber' });
      return (await fhir(sb, t.access_token)('Patient/sandbox-hypertension')).text();
    };
    expect(await read(kept)).toBe(await read(plain));
  });
});
