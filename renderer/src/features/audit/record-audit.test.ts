import type { AuditEvent, FhirResource } from 'fhir/r4';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AUDIT_OUTBOX_PATIENT_ID,
  recordAudit,
  type AuditOutbox,
  type AuditProblem,
  type AuditRecorderDeps,
} from './record-audit';
import { MemoryAuditLog } from '../../host/memory-audit-log';

const ID = '9b2f6a1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const originalTz = process.env.TZ;

class FakeOutbox implements AuditOutbox {
  readonly queued: { patientId: string; resource: FhirResource; label: string }[] = [];
  fail: Error | undefined;
  enqueue(input: { patientId: string; resource: FhirResource; label: string }): Promise<unknown> {
    if (this.fail) return Promise.reject(this.fail);
    this.queued.push(input);
    return Promise.resolve({ id: input.resource.id });
  }
}

/** A local log that cannot be written (a full disk, a closed IPC channel). */
const diskFull: AuditRecorderDeps['auditLog'] = {
  append: () => Promise.reject(new Error('disk full')),
};

function deps(overrides: Partial<AuditRecorderDeps> = {}) {
  const log = new MemoryAuditLog();
  const outbox = new FakeOutbox();
  const problems: AuditProblem[] = [];
  const flush = vi.fn(() => Promise.resolve());
  const d: AuditRecorderDeps = {
    auditLog: log,
    user: { reference: 'Practitioner/weber', display: 'Dr. Lena Weber' },
    serverId: 'sandbox',
    outbox,
    flush,
    label: (action) => `label:${action}`,
    onProblem: (p) => problems.push(p),
    // 09:15:30.250Z on 1 March 2026 is 10:15:30.250 in Berlin (UTC+1 in winter).
    now: () => new Date('2026-03-01T09:15:30.250Z'),
    randomUUID: () => ID,
    ...overrides,
  };
  return { d, log, outbox, problems, flush };
}

beforeEach(() => {
  process.env.TZ = 'Europe/Berlin';
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
  vi.restoreAllMocks();
});

describe('recordAudit', () => {
  it('appends the entry, queues its AuditEvent under the same id, then flushes', async () => {
    const { d, log, outbox, problems, flush } = deps();
    const result = await recordAudit(d, {
      action: 'consult-started',
      patient: 'Patient/p1',
      entity: { reference: 'Encounter/e1', type: 'Encounter' },
    });
    expect(log.entries).toEqual([
      {
        id: ID,
        recorded: '2026-03-01T10:15:30.250+01:00',
        action: 'consult-started',
        outcome: 'success',
        user: { reference: 'Practitioner/weber', display: 'Dr. Lena Weber' },
        serverId: 'sandbox',
        patient: { reference: 'Patient/p1' },
        entity: { reference: 'Encounter/e1', type: 'Encounter' },
      },
    ]);
    expect(outbox.queued).toHaveLength(1);
    const [queued] = outbox.queued;
    expect(queued?.patientId).toBe(AUDIT_OUTBOX_PATIENT_ID);
    expect(queued?.label).toBe('label:consult-started');
    const event = queued?.resource as AuditEvent;
    expect(event.resourceType).toBe('AuditEvent');
    expect(event.id).toBe(ID);
    expect(event.recorded).toBe('2026-03-01T10:15:30.250+01:00');
    expect(event.action).toBe('C');
    expect(event.entity?.map((e) => e.what?.reference)).toEqual(['Patient/p1', 'Encounter/e1']);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(problems).toEqual([]);
    expect(result).toMatchObject({ appended: true, queued: true, entry: { id: ID } });
  });

  it('passes a failure outcome through', async () => {
    const { d, log, outbox } = deps();
    await recordAudit(d, { action: 'ips-imported', outcome: 'failure', detail: 'DE' });
    expect(log.entries[0]).toMatchObject({ outcome: 'failure', detail: 'DE' });
    expect((outbox.queued[0]?.resource as AuditEvent).outcome).toBe('4');
  });

  it('a failed local append is reported, and the server copy is still queued', async () => {
    const { d, outbox, problems } = deps({ auditLog: diskFull });
    const result = await recordAudit(d, { action: 'chart-opened', patient: 'Patient/p1' });
    expect(result).toMatchObject({ appended: false, queued: true });
    expect(outbox.queued).toHaveLength(1);
    expect(problems).toEqual([
      { kind: 'append-failed', entryId: ID, error: new Error('disk full') },
    ]);
  });

  it('an append that throws synchronously (no audit log on the host) is a reported failure', async () => {
    const { d, problems } = deps({
      auditLog: {
        append: () => {
          throw new TypeError('auditLog missing');
        },
      },
    });
    const result = await recordAudit(d, { action: 'signed-in' });
    expect(result).toMatchObject({ appended: false, queued: true });
    expect(problems.map((p) => p.kind)).toEqual(['append-failed']);
  });

  it('a failed enqueue is reported, keeps the local entry, and does not flush', async () => {
    const { d, log, outbox, problems, flush } = deps();
    outbox.fail = new Error('QuotaExceededError');
    const result = await recordAudit(d, { action: 'feedback-sent', patient: 'Patient/p1' });
    expect(result).toMatchObject({ appended: true, queued: false });
    expect(log.entries).toHaveLength(1);
    expect(problems.map((p) => p.kind)).toEqual(['enqueue-failed']);
    expect(flush).not.toHaveBeenCalled();
  });

  it('without an offline layer it keeps the entry locally, without calling that a problem', async () => {
    const { d, log, problems } = deps({ outbox: undefined, flush: undefined });
    const result = await recordAudit(d, { action: 'signed-out' });
    expect(result).toMatchObject({ appended: true, queued: false });
    expect(log.entries.map((e) => e.action)).toEqual(['signed-out']);
    expect(problems).toEqual([]);
  });

  it('an event that makes no valid entry is reported and stored nowhere', async () => {
    const { d, log, outbox, problems } = deps();
    const result = await recordAudit(d, {
      action: 'chart-opened',
      patient: `Patient/${'x'.repeat(600)}`,
    });
    expect(result).toEqual({ appended: false, queued: false });
    expect(log.entries).toEqual([]);
    expect(outbox.queued).toEqual([]);
    expect(problems.map((p) => p.kind)).toEqual(['invalid']);
  });

  it('never rejects, even when reporting and flushing fail too', async () => {
    const { d } = deps({
      auditLog: diskFull,
      onProblem: () => {
        throw new Error('no banner area');
      },
      flush: () => Promise.reject(new Error('offline')),
    });
    await expect(recordAudit(d, { action: 'locked' })).resolves.toMatchObject({
      appended: false,
      queued: true,
    });
  });
});
