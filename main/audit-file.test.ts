import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../shared/audit/audit-entry';
import { AuditFile } from './audit-file';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-file-'));
  path = join(dir, 'audit-log.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(n: number, user = 'Practitioner/dr-a'): AuditEntry {
  return {
    id: `7d0b6f3c-0000-4000-8000-${String(n).padStart(12, '0')}`,
    recorded: `2026-11-22T10:${String(n % 60).padStart(2, '0')}:00+01:00`,
    action: 'chart-opened',
    outcome: 'success',
    user: { reference: user },
    serverId: 'sandbox',
    patient: { reference: `Patient/p${String(n)}` },
  };
}

function auditFile(log = vi.fn<(line: string) => void>()) {
  return { file: new AuditFile({ path, log, sync: false }), log };
}

describe('AuditFile', () => {
  it('appends one JSON line per entry and lists them newest first', async () => {
    const { file } = auditFile();
    await file.append(entry(1));
    await file.append(entry(2));
    await file.append(entry(3));
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toEqual([
      JSON.stringify(entry(1)),
      JSON.stringify(entry(2)),
      JSON.stringify(entry(3)),
      '',
    ]);
    expect((await file.list()).map((e) => e.id)).toEqual([entry(3).id, entry(2).id, entry(1).id]);
  });

  it('creates the file readable by the user only', async () => {
    const { file } = auditFile();
    await file.append(entry(1));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('never touches what is already there: a new process appends after earlier lines', async () => {
    await writeFile(path, `${JSON.stringify(entry(1))}\n`);
    const before = await readFile(path);
    const { file } = auditFile();
    await file.append(entry(2));
    const after = await readFile(path);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.length).toBe(before.length + JSON.stringify(entry(2)).length + 1);
  });

  it('refuses an invalid entry and writes nothing', async () => {
    const { file } = auditFile();
    await expect(file.append({ ...entry(1), patient: { reference: '' } })).rejects.toThrow(
      'Invalid audit entry at patient.reference',
    );
    await expect(file.append({ ...entry(1), action: 'deleted-everything' })).rejects.toThrow(
      /at action/,
    );
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    // The queue is not poisoned by the refusals.
    await file.append(entry(2));
    expect(await file.list()).toEqual([entry(2)]);
  });

  it('keeps concurrent appends whole and in call order', async () => {
    const { file } = auditFile();
    await Promise.all(Array.from({ length: 50 }, (_, i) => file.append(entry(i))));
    const ids = (await file.list({ limit: 100 })).map((e) => e.id);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => entry(49 - i).id));
  });

  it('lists nothing before the first entry', async () => {
    expect(await auditFile().file.list()).toEqual([]);
  });

  it('honours the limit and filters by clinician before limiting', async () => {
    const { file } = auditFile();
    for (let i = 1; i <= 6; i += 1) {
      await file.append(entry(i, i % 2 === 0 ? 'Practitioner/dr-b' : 'Practitioner/dr-a'));
    }
    expect((await file.list({ limit: 2 })).map((e) => e.id)).toEqual([entry(6).id, entry(5).id]);
    expect(
      (await file.list({ userReference: 'Practitioner/dr-a', limit: 2 })).map((e) => e.id),
    ).toEqual([entry(5).id, entry(3).id]);
    expect(await file.list({ userReference: 'Practitioner/nobody' })).toEqual([]);
  });

  it('reads a trail longer than one read chunk, lines crossing chunk borders', async () => {
    // ~330 bytes per line × 600 lines ≈ 200 KB: three 64 KB chunks and a remainder.
    const lines = Array.from({ length: 600 }, (_, i) =>
      JSON.stringify({ ...entry(i), detail: 'x'.repeat(i % 97) }),
    );
    await writeFile(path, `${lines.join('\n')}\n`);
    const listed = await auditFile().file.list({ limit: 10_000 });
    expect(listed).toHaveLength(600);
    expect(listed[0]?.id).toBe(entry(599).id);
    expect(listed[599]?.id).toBe(entry(0).id);
    expect(listed[300]?.detail).toBe('x'.repeat(299 % 97));
  });

  it('skips corrupt lines and reports their byte offsets', async () => {
    const good1 = JSON.stringify(entry(1));
    const bad = '{"id":"not a uuid"}';
    const good2 = JSON.stringify(entry(2));
    const garbage = 'garbage';
    await writeFile(path, `${good1}\n${bad}\n\n${good2}\n${garbage}\n`);
    const { file, log } = auditFile();
    expect((await file.list()).map((e) => e.id)).toEqual([entry(2).id, entry(1).id]);
    const badAt = good1.length + 1;
    const garbageAt = badAt + bad.length + 2 + good2.length + 1;
    expect(log).toHaveBeenCalledExactlyOnceWith(
      `[audit] skipped 2 unreadable line(s) in ${path} at byte offset(s) ${String(garbageAt)}, ${String(badAt)}`,
    );
  });

  it('skips an over-long line without buffering it and still reads the lines around it', async () => {
    const huge = 'y'.repeat(200 * 1024);
    await writeFile(
      path,
      `${huge}\n${JSON.stringify(entry(1))}\n${huge}\n${JSON.stringify(entry(2))}\n`,
    );
    const { file, log } = auditFile();
    expect((await file.list()).map((e) => e.id)).toEqual([entry(2).id, entry(1).id]);
    const secondHugeAt = huge.length + 1 + JSON.stringify(entry(1)).length + 1;
    expect(log).toHaveBeenCalledExactlyOnceWith(
      expect.stringContaining(
        `skipped 2 unreadable line(s) in ${path} at byte offset(s) ${String(secondHugeAt)}, 0`,
      ),
    );
  });

  it('starts a new line after a line cut short by a crash, so the new entry survives', async () => {
    const cut = JSON.stringify(entry(1)).slice(0, 40);
    await writeFile(path, `${JSON.stringify(entry(0))}\n${cut}`);
    const { file, log } = auditFile();
    await file.append(entry(2));
    expect(log).toHaveBeenCalledWith('[audit] the log ended mid-line; starting a new line');
    expect(await readFile(path, 'utf8')).toBe(
      `${JSON.stringify(entry(0))}\n${cut}\n${JSON.stringify(entry(2))}\n`,
    );
    expect((await file.list()).map((e) => e.id)).toEqual([entry(2).id, entry(0).id]);
  });

  it('sees lines another writer appended since (no cached copy of the file)', async () => {
    const { file } = auditFile();
    await file.append(entry(1));
    await appendFile(path, `${JSON.stringify(entry(2))}\n`);
    expect((await file.list()).map((e) => e.id)).toEqual([entry(2).id, entry(1).id]);
  });

  it('flushes to disk by default', async () => {
    const synced = new AuditFile({ path, log: () => undefined });
    await synced.append(entry(1));
    expect(await synced.list()).toEqual([entry(1)]);
  });
});
