import { describe, expect, it } from 'vitest';
import type { FhirResource } from 'fhir/r4';
import type { FhirWriter } from './contracts';
import { BrowserKeyStorage, openKeyring } from './keys';
import { Outbox } from './outbox';
import { buildClinicalNote, clinicalNoteText, noteTitle } from './clinical-note';
import { freshDb, scopeA } from './test-fakes';

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
    expect(report).toEqual({ sent: [a.id, b.id], failed: [], deferred: [] });
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
    expect(await outbox.flush(server)).toEqual({ sent: [], failed: [], deferred: [e.id] });
    expect((await outbox.list())[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: expect.stringMatching(/could not be reached/) as string,
    });
    // Backoff: not due yet, nothing is sent.
    expect(await outbox.flush(server)).toEqual({ sent: [], failed: [], deferred: [] });
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
    expect(await outbox.flush(server)).toEqual({ sent: [good.id], failed: [bad.id], deferred: [] });
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
    expect(await restarted.flush(server)).toEqual({ sent: [], failed: [], deferred: [] });
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
    expect(await outbox.flush(server)).toEqual({ sent: [], failed: [], deferred: ['e1'] });
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
