import { describe, expect, it } from 'vitest';
import type { CarePlan, FhirResource } from 'fhir/r4';
import type { FhirWriter } from './contracts';
import { BrowserKeyStorage, openKeyring } from './keys';
import { Outbox, type OutboxInput, type OutboxWriter } from './outbox';
import { buildClinicalNote, clinicalNoteText, noteTitle } from './clinical-note';
import { freshDb, scopeA, scopeB } from './test-fakes';
import { VersionedServerFake } from './versioned-server-fake';

/** A server honouring If-None-Match: * — 201 once per id, 412 after; scriptable faults. */
class FakeServer implements FhirWriter {
  readonly stored = new Map<string, FhirResource>();
  puts = 0;
  /** Next answers to give instead of the normal behaviour: 'network', 'lost-response' or a status. */
  script: ('network' | 'lost-response' | { status: number; outcome?: string })[] = [];

  putIfNoneMatch(
    type: string,
    id: string,
    body: FhirResource,
  ): Promise<{ status: number; outcome?: string }> {
    this.puts++;
    const step = this.script.shift();
    if (step === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (step && step !== 'lost-response') return Promise.resolve(step);
    const key = `${type}/${id}`;
    if (this.stored.has(key)) return Promise.resolve({ status: 412 });
    this.stored.set(key, body);
    // The server created it but the answer never arrived.
    if (step === 'lost-response') return Promise.reject(new TypeError('connection reset'));
    return Promise.resolve({ status: 201 });
  }

  /** Plain PUT: replaces (or creates) the resource; the same body twice is the same state. */
  put(type: string, id: string, body: FhirResource): Promise<{ status: number; outcome?: string }> {
    this.puts++;
    const step = this.script.shift();
    if (step === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (step && step !== 'lost-response') return Promise.resolve(step);
    this.stored.set(`${type}/${id}`, body);
    if (step === 'lost-response') return Promise.reject(new TypeError('connection reset'));
    return Promise.resolve({ status: 200 });
  }
}

async function setup() {
  const db = freshDb();
  const { keyring } = await openKeyring(db, scopeA, new BrowserKeyStorage());
  let clock = 1_000_000;
  const make = () => new Outbox(db, scopeA, keyring, { now: () => clock, baseDelayMs: 1000 });
  return {
    db,
    outbox: make(),
    make,
    server: new FakeServer(),
    tick: (ms: number) => (clock += ms),
  };
}

const note = (text: string) =>
  buildClinicalNote({
    patientId: 'p1',
    text,
    author: 'Practitioner/d1',
    now: new Date('2024-06-01T10:00:00Z'),
  });

describe('Outbox', () => {
  it('stores entries encrypted, sends them in order with 201, and lists them as sent', async () => {
    const { db, outbox, server } = await setup();
    const a = await outbox.enqueue({
      patientId: 'p1',
      resource: note('Første notat — blood pressure fine'),
      label: 'first',
    });
    const b = await outbox.enqueue({ patientId: 'p1', resource: note('second'), label: 'second' });
    expect(a).toMatchObject({
      state: 'pending',
      attempts: 0,
      label: 'first',
      resourceType: 'DocumentReference',
    });
    expect(b.createdAt).toBeGreaterThan(a.createdAt);
    const raw = JSON.stringify(await db.outbox.toArray(), (_k, v: unknown) =>
      v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v,
    );
    expect(raw).not.toContain('first');
    const report = await outbox.flush(server);
    expect(report).toEqual({ sent: [a.id, b.id], failed: [], deferred: [], conflicts: [] });
    expect([...server.stored.keys()]).toEqual([
      `DocumentReference/${a.id}`,
      `DocumentReference/${b.id}`,
    ]);
    expect((await outbox.list()).map((e) => e.state)).toEqual(['sent', 'sent']);
  });

  it('watch emits the entries with their states as they change', async () => {
    const { outbox, server } = await setup();
    const seen: string[][] = [];
    const stop = outbox.watch((entries) => seen.push(entries.map((e) => `${e.label}:${e.state}`)));
    await outbox.enqueue({ patientId: 'p1', resource: note('x'), label: 'x' });
    await expect.poll(() => seen.at(-1)).toEqual(['x:pending']);
    await outbox.flush(server);
    await expect.poll(() => seen.at(-1)).toEqual(['x:sent']);
    stop();
  });

  it('412 counts as already delivered (retry after a lost response never duplicates)', async () => {
    const { outbox, server, tick } = await setup();
    const e = await outbox.enqueue({ patientId: 'p1', resource: note('x'), label: 'x' });
    server.script = ['lost-response'];
    expect((await outbox.flush(server)).deferred).toEqual([e.id]);
    tick(5_000);
    expect((await outbox.flush(server)).sent).toEqual([e.id]);
    expect(server.stored.size).toBe(1);
    expect(server.puts).toBe(2);
    expect((await outbox.list())[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('network error → pending with backoff and reason → later sent exactly once', async () => {
    const { outbox, server, tick } = await setup();
    const e = await outbox.enqueue({ patientId: 'p1', resource: note('x'), label: 'x' });
    const later = await outbox.enqueue({ patientId: 'p1', resource: note('y'), label: 'y' });
    server.script = ['network', 'network'];
    expect(await outbox.flush(server)).toEqual({
      sent: [],
      failed: [],
      deferred: [e.id],
      conflicts: [],
    });
    expect((await outbox.list())[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: expect.stringMatching(/could not be reached/) as string,
    });
    // Backoff: not due yet, nothing is sent.
    expect(await outbox.flush(server)).toEqual({
      sent: [],
      failed: [],
      deferred: [],
      conflicts: [],
    });
    tick(1_000);
    await outbox.flush(server); // second network error: next delay doubles
    tick(1_500);
    expect((await outbox.flush(server)).sent).toEqual([]);
    tick(1_000);
    expect((await outbox.flush(server)).sent).toEqual([e.id, later.id]);
    expect(server.stored.size).toBe(2);
    await outbox.flush(server, { force: true });
    expect(server.stored.size).toBe(2);
  });

  it('400 → failed with the OperationOutcome text; retry(id) sends it again; others keep flowing', async () => {
    const { outbox, server } = await setup();
    const bad = await outbox.enqueue({ patientId: 'p1', resource: note('x'), label: 'x' });
    const good = await outbox.enqueue({ patientId: 'p1', resource: note('y'), label: 'y' });
    server.script = [{ status: 400, outcome: 'DocumentReference.status: required' }];
    expect(await outbox.flush(server)).toEqual({
      sent: [good.id],
      failed: [bad.id],
      deferred: [],
      conflicts: [],
    });
    const failed = (await outbox.list()).find((e) => e.id === bad.id);
    expect(failed).toMatchObject({
      state: 'failed',
      lastError: 'The server answered 400: DocumentReference.status: required',
    });
    expect((await outbox.flush(server)).sent).toEqual([]); // failed entries are not retried automatically
    await outbox.retry(bad.id);
    expect((await outbox.flush(server)).sent).toEqual([bad.id]);
  });

  it("an entry stuck in 'sending' after a crash is pending on restart and sent once", async () => {
    const { db, make, server } = await setup();
    const first = make();
    const e = await first.enqueue({ patientId: 'p1', resource: note('x'), label: 'x' });
    // Crash after the PUT reached the server but before the state was saved.
    await db.outbox.update(e.id, { state: 'sending' });
    await server.putIfNoneMatch(
      'DocumentReference',
      e.id,
      (await first.body(e.id)) as FhirResource,
    );
    const restarted = make();
    expect(await restarted.flush(server)).toEqual({
      sent: [],
      failed: [],
      deferred: [],
      conflicts: [],
    });
    expect(await restarted.recoverInterrupted()).toBe(1);
    expect((await restarted.flush(server)).sent).toEqual([e.id]);
    expect(server.stored.size).toBe(1);
  });
});

describe('buildClinicalNote', () => {
  it('builds a LOINC progress-note DocumentReference with UTF-8 base64 text', () => {
    const text = 'Blodtryk 142/90 — kontrol om 2 uger\nØvrigt: ingen bivirkninger 👍';
    const doc = buildClinicalNote({
      patientId: 'p1',
      text,
      author: 'Practitioner/d1',
      id: 'n1',
      now: new Date('2024-06-01T10:00:00Z'),
    });
    expect(doc).toMatchObject({
      id: 'n1',
      status: 'current',
      docStatus: 'final',
      subject: { reference: 'Patient/p1' },
      author: [{ reference: 'Practitioner/d1' }],
      date: '2024-06-01T10:00:00.000Z',
      type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
      category: [{ coding: [{ code: 'clinical-note' }] }],
    });
    expect(doc.content[0]?.attachment.contentType).toBe('text/plain;charset=utf-8');
    expect(clinicalNoteText(doc)).toBe(text);
    expect(doc.content[0]?.attachment.title).toBe('Blodtryk 142/90 — kontrol om 2 uger');
    expect(buildClinicalNote({ patientId: 'p1', text: 'x' }).author).toBeUndefined();
    expect(noteTitle('\n\n' + 'a'.repeat(100))).toHaveLength(80);
  });

  it('a replace entry updates the resource after its create, in write order, and a retry is harmless', async () => {
    const { outbox, server, tick } = await setup();
    const encounter: FhirResource = {
      resourceType: 'Encounter',
      id: 'e1',
      status: 'in-progress',
      class: { code: 'VR' },
    };
    await outbox.enqueue({ patientId: 'p1', resource: encounter, label: 'Video consult' });
    const end = await outbox.enqueue({
      patientId: 'p1',
      resource: { ...encounter, status: 'finished' },
      label: 'Video consult ended',
      mode: 'replace',
    });
    expect(end.id).not.toBe('e1');
    // The create is refused for now: the replace must not overtake it.
    server.script = ['network'];
    expect(await outbox.flush(server)).toEqual({
      sent: [],
      failed: [],
      deferred: ['e1'],
      conflicts: [],
    });
    expect(server.stored.size).toBe(0);
    tick(5000);
    // The update's answer is lost: it is sent again, the state is the same.
    server.script = [{ status: 201 }, 'lost-response'];
    await outbox.flush(server);
    expect(server.stored.get('Encounter/e1')).toMatchObject({ status: 'finished' });
    tick(5000);
    expect((await outbox.flush(server)).sent).toEqual([end.id]);
    expect(server.stored.get('Encounter/e1')).toMatchObject({ status: 'finished' });
    expect((await outbox.list()).map((e) => e.state)).toEqual(['sent', 'sent']);
  });
});

/** A monitoring-like CarePlan whose meaning is in `activity` (what the threshold editor compares). */
const plan = (rule: string, version?: string): CarePlan => ({
  resourceType: 'CarePlan',
  id: 'rm-p1',
  ...(version ? { meta: { versionId: version } } : {}),
  status: 'active',
  intent: 'plan',
  subject: { reference: 'Patient/p1' },
  activity: [{ detail: { status: 'in-progress', description: rule } }],
});

const ruleOf = (r: FhirResource | undefined): string | undefined =>
  (r as CarePlan | undefined)?.activity?.[0]?.detail?.description;

async function versioned() {
  const base = await setup();
  const server = new VersionedServerFake();
  server.store.set('CarePlan/rm-p1', plan('weight +2 kg in 3 d', '1'));
  const save = (rule: string, extra: Partial<OutboxInput> = {}) =>
    base.outbox.enqueue({
      patientId: 'p1',
      resource: plan(rule, '1'),
      label: rule,
      mode: 'replace',
      ifMatch: '1',
      compare: ['activity'],
      ...extra,
    });
  return { ...base, server, save };
}

describe('Outbox versioned updates (If-Match)', () => {
  it('sends If-Match with the version the change was built on; 200 is delivered once', async () => {
    const { outbox, server, save } = await versioned();
    const e = await save('weight +1.5 kg in 3 d');
    expect(await outbox.flush(server)).toMatchObject({ sent: [e.id], conflicts: [] });
    expect(server.log).toEqual(['PUT CarePlan/rm-p1 If-Match W/"1"']);
    expect(server.store.get('CarePlan/rm-p1')?.meta?.versionId).toBe('2');
    expect(ruleOf(server.store.get('CarePlan/rm-p1'))).toBe('weight +1.5 kg in 3 d');
    await outbox.flush(server, { force: true });
    expect(server.log).toHaveLength(1);
  });

  it('412 after our own answer was lost: the server holds our write, so it is delivered (no second version)', async () => {
    const { outbox, server, save, tick } = await versioned();
    const e = await save('weight +1.5 kg in 3 d');
    server.loseNext = true;
    expect((await outbox.flush(server)).deferred).toEqual([e.id]);
    tick(5_000);
    expect(await outbox.flush(server)).toMatchObject({ sent: [e.id], conflicts: [] });
    expect(server.log).toEqual([
      'PUT CarePlan/rm-p1 If-Match W/"1"',
      'PUT CarePlan/rm-p1 If-Match W/"1"',
      'GET CarePlan/rm-p1',
    ]);
    expect(server.store.get('CarePlan/rm-p1')?.meta?.versionId).toBe('2');
    expect((await outbox.list())[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('someone else changed it: a conflict kept with their version, never retried by itself; later writes still go', async () => {
    const { outbox, server, save } = await versioned();
    server.edit('CarePlan', 'rm-p1', () => plan('weight +3 kg in 3 d'));
    const mine = await save('weight +1.5 kg in 3 d');
    const next = await outbox.enqueue({ patientId: 'p1', resource: note('after'), label: 'n' });
    expect(await outbox.flush(server)).toEqual({
      sent: [next.id],
      failed: [],
      deferred: [],
      conflicts: [mine.id],
    });
    // The other workstation's version stays; ours was not applied.
    expect(ruleOf(server.store.get('CarePlan/rm-p1'))).toBe('weight +3 kg in 3 d');
    const entry = (await outbox.list()).find((x) => x.id === mine.id);
    expect(entry).toMatchObject({ state: 'failed', conflict: true, attempts: 1 });
    expect(entry?.lastError).toBe(
      'Not applied: CarePlan/rm-p1 was changed on the server by someone else (now version 2). Review the change and apply it again.',
    );
    const details = await outbox.details(mine.id);
    expect(ruleOf(details?.body)).toBe('weight +1.5 kg in 3 d'); // the user's edit is kept
    expect(details?.conflict?.server?.meta?.versionId).toBe('2');
    expect(ruleOf(details?.conflict?.server)).toBe('weight +3 kg in 3 d');
    const requests = server.log.length;
    expect(await outbox.flush(server, { force: true })).toMatchObject({ sent: [], conflicts: [] });
    expect(server.log).toHaveLength(requests);
  });

  it('an edit built on a queued edit is rebased once that one lands (our own version move is no conflict)', async () => {
    const { outbox, server, save } = await versioned();
    const first = await save('weight +1.5 kg in 3 d');
    const second = await save('weight +1 kg in 3 d', { basedOn: first.id });
    expect(await outbox.flush(server)).toMatchObject({
      sent: [first.id, second.id],
      conflicts: [],
    });
    expect(server.log).toEqual([
      'PUT CarePlan/rm-p1 If-Match W/"1"',
      'PUT CarePlan/rm-p1 If-Match W/"1"',
      'GET CarePlan/rm-p1',
      'PUT CarePlan/rm-p1 If-Match W/"2"',
    ]);
    expect(server.store.get('CarePlan/rm-p1')?.meta?.versionId).toBe('3');
    expect(ruleOf(server.store.get('CarePlan/rm-p1'))).toBe('weight +1 kg in 3 d');
  });

  it('when the first of two chained edits conflicts, the second does too (never applied over the other edit)', async () => {
    const { outbox, server, save } = await versioned();
    server.edit('CarePlan', 'rm-p1', () => plan('weight +3 kg in 3 d'));
    const first = await save('weight +1.5 kg in 3 d');
    const second = await save('weight +1 kg in 3 d', { basedOn: first.id });
    expect((await outbox.flush(server)).conflicts).toEqual([first.id, second.id]);
    expect(ruleOf(server.store.get('CarePlan/rm-p1'))).toBe('weight +3 kg in 3 d');
  });

  it('fields outside `compare` do not make a conflict; without `compare` every field but meta counts', async () => {
    const { outbox, server, save, tick } = await versioned();
    const a = await save('weight +1.5 kg in 3 d');
    server.loseNext = true;
    await outbox.flush(server);
    // Someone else renames the plan after ours landed: our thresholds are on the server.
    server.edit('CarePlan', 'rm-p1', (r) => ({ ...r, title: 'Heart failure' }) as CarePlan);
    tick(5_000);
    expect((await outbox.flush(server)).sent).toEqual([a.id]);

    const b = await save('weight +1 kg in 3 d', { ifMatch: '3', compare: undefined });
    server.loseNext = true;
    await outbox.flush(server);
    server.edit(
      'CarePlan',
      'rm-p1',
      (r) => ({ ...r, title: 'Heart failure, NYHA II' }) as CarePlan,
    );
    tick(10_000);
    expect((await outbox.flush(server)).conflicts).toEqual([b.id]);
  });

  it('without putIfMatch the writer is emulated: read the version, PUT only if unchanged', async () => {
    const { outbox, server, save } = await versioned();
    const writer: OutboxWriter = {
      putIfNoneMatch: (t, i, b) => server.putIfNoneMatch(t, i, b),
      put: (t, i, b) => server.put(t, i, b),
      read: (t, i) => server.read(t, i),
    };
    const ok = await save('weight +1.5 kg in 3 d');
    expect((await outbox.flush(writer)).sent).toEqual([ok.id]);
    const stale = await save('weight +1 kg in 3 d'); // still built on version 1
    expect((await outbox.flush(writer)).conflicts).toEqual([stale.id]);
    expect(server.log).toEqual(['GET CarePlan/rm-p1', 'PUT CarePlan/rm-p1', 'GET CarePlan/rm-p1']);
    expect(ruleOf(server.store.get('CarePlan/rm-p1'))).toBe('weight +1.5 kg in 3 d');
  });

  it('a resource deleted on the server is a conflict without a server version', async () => {
    const { outbox, server, save } = await versioned();
    server.store.clear();
    const e = await save('weight +1.5 kg in 3 d');
    expect((await outbox.flush(server)).conflicts).toEqual([e.id]);
    expect((await outbox.details(e.id))?.conflict).toEqual({ detectedAt: 1_000_000 });
    expect((await outbox.list())[0]?.lastError).toBe(
      'Not applied: CarePlan/rm-p1 was deleted on the server.',
    );
  });

  it('when the check after a 412 cannot reach the server, the write waits and is settled later', async () => {
    const { outbox, server, save, tick } = await versioned();
    const e = await save('weight +1.5 kg in 3 d');
    server.loseNext = true;
    await outbox.flush(server);
    tick(5_000);
    server.failReads = 1;
    expect(await outbox.flush(server)).toMatchObject({ deferred: [e.id], conflicts: [] });
    expect((await outbox.list())[0]).toMatchObject({ state: 'pending', attempts: 2 });
    tick(10_000);
    expect((await outbox.flush(server)).sent).toEqual([e.id]);
    expect(server.store.get('CarePlan/rm-p1')?.meta?.versionId).toBe('2');
  });
});

describe('Outbox named entries and conflict resolution', () => {
  it('a named entry is queued once per scope, whatever its state', async () => {
    const { db, outbox, server } = await setup();
    const close = (o: Outbox) =>
      o.enqueue({
        patientId: 'p1',
        resource: { resourceType: 'Task', id: 't1', status: 'completed', intent: 'order' },
        label: 'close',
        mode: 'replace',
        ifMatch: '1',
        entryId: 'snooze-close:t1:1',
      });
    const a = await close(outbox);
    expect((await close(outbox)).id).toBe(a.id);
    await outbox.flush(server);
    // The plain fake cannot read, so a version cannot be checked: failed, never guessed.
    expect(await close(outbox)).toMatchObject({
      id: a.id,
      state: 'failed',
      lastError: 'Not sent: this connection cannot check versions.',
    });
    expect(await outbox.list()).toHaveLength(1);
    // Another user on the same workstation has their own entry.
    const { keyring } = await openKeyring(db, scopeB, new BrowserKeyStorage());
    const other = new Outbox(db, scopeB, keyring);
    expect((await close(other)).id).not.toBe(a.id);
    await expect(
      outbox.enqueue({ patientId: 'p1', resource: note('x'), label: 'x', entryId: 'n' }),
    ).rejects.toThrow('replace entries only');
  });

  it('re-applying swaps the conflicts for one new write in one step; discarding removes them', async () => {
    const { outbox, server, save } = await versioned();
    server.edit('CarePlan', 'rm-p1', () => plan('weight +3 kg in 3 d'));
    const first = await save('weight +1.5 kg in 3 d', { intent: { n: 1 } });
    const second = await save('weight +1 kg in 3 d', { basedOn: first.id });
    await outbox.flush(server);
    const again = await outbox.resolveConflicts([first.id, second.id], {
      patientId: 'p1',
      resource: plan('weight +1 kg in 3 d', '2'),
      label: 're-applied',
      mode: 'replace',
      ifMatch: '2',
      compare: ['activity'],
    });
    expect((await outbox.list()).map((e) => [e.label, e.state])).toEqual([
      ['re-applied', 'pending'],
    ]);
    expect((await outbox.flush(server)).sent).toEqual([again?.id]);
    expect(ruleOf(server.store.get('CarePlan/rm-p1'))).toBe('weight +1 kg in 3 d');

    const stale = await save('weight +2 kg in 3 d');
    await outbox.flush(server);
    expect(await outbox.resolveConflicts([stale.id])).toBeUndefined();
    expect(await outbox.list()).toHaveLength(1);
  });

  it('refuses to resolve what is no longer the conflict that was shown, changing nothing', async () => {
    const { outbox, server, save } = await versioned();
    server.edit('CarePlan', 'rm-p1', () => plan('weight +3 kg in 3 d'));
    const e = await save('weight +1.5 kg in 3 d');
    await outbox.flush(server);
    await outbox.retry(e.id);
    await expect(outbox.resolveConflicts([e.id])).rejects.toThrow('not an unresolved conflict');
    expect(await outbox.list()).toMatchObject([{ id: e.id, state: 'pending' }]);
    const ok = await outbox.enqueue({ patientId: 'p1', resource: note('n'), label: 'n' });
    await expect(outbox.resolveConflicts([ok.id])).rejects.toThrow('not an unresolved conflict');
  });

  it('markConflictNoticed is true for exactly one caller, also when two ask at once', async () => {
    const { outbox, server, save } = await versioned();
    server.edit('CarePlan', 'rm-p1', () => plan('weight +3 kg in 3 d'));
    const e = await save('weight +1.5 kg in 3 d');
    expect(await outbox.markConflictNoticed(e.id)).toBe(false); // not a conflict yet
    await outbox.flush(server);
    const both = await Promise.all([
      outbox.markConflictNoticed(e.id),
      outbox.markConflictNoticed(e.id),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await outbox.markConflictNoticed(e.id)).toBe(false);
    const details = await outbox.details(e.id);
    expect(details?.conflict?.noticedAt).toBe(1_000_000);
    expect(ruleOf(details?.body)).toBe('weight +1.5 kg in 3 d');
  });
});
