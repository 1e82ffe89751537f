import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Task } from 'fhir/r4';
import { buildSnoozeTask } from '../../../../shared/monitoring/actions';
import { BrowserKeyStorage, openKeyring } from '../../offline/keys';
import { Outbox, type OutboxInput, type OutboxListEntry } from '../../offline/outbox';
import { freshDb, scopeA } from '../../offline/test-fakes';
import { monitoredPatient, NOW } from './patient-fixture';
import { closeExpiredSnoozes, snoozeCloseEntryId } from './snooze-closing';
import { VersionedServerFake } from '../../offline/versioned-server-fake';

const HOUR = 3_600_000;
const TODAY = '2026-11-01'; // NOW is 2026-11-01T09:00Z
const practitioner = { reference: 'Practitioner/d1', display: 'Dr Anna Weber' };

afterEach(() => vi.restoreAllMocks());

/** A workstation: its own encrypted cache and outbox. */
async function workstation(): Promise<Outbox> {
  const db = freshDb();
  const { keyring } = await openKeyring(db, scopeA, new BrowserKeyStorage());
  return new Outbox(db, scopeA, keyring, { now: () => NOW });
}

/** p1 as the views read it (a red BP alert from an hour ago), with these snooze Tasks cached. */
function data(tasks: Task[]) {
  const { patient, row } = monitoredPatient();
  return { patients: [{ ...patient, tasks }], rows: [row] };
}

const alert = monitoredPatient().row.alerts[0]?.id ?? '';

function snooze(id: string, version: string, authoredAgo: number, untilDate?: string): Task {
  return {
    ...buildSnoozeTask({
      id,
      patientId: 'p1',
      alertIds: [alert],
      practitioner,
      authoredOn: new Date(NOW - authoredAgo).toISOString(),
      ...(untilDate ? { untilDate } : {}),
    }),
    meta: { versionId: version },
  };
}

const options = (asked?: Set<string>) => ({
  now: NOW,
  today: TODAY,
  label: (end: string) => `closed: ${end}`,
  ...(asked ? { asked } : {}),
});

describe('closeExpiredSnoozes', () => {
  it('queues the close of each ended snooze once, versioned and named; later polls add nothing', async () => {
    const outbox = await workstation();
    const tasks = [
      snooze('dated-ended', '3', 30 * HOUR, '2026-10-31'),
      snooze('dated-running', '1', 30 * HOUR, TODAY),
      // The BP reading an hour ago is newer than this snooze: it has ended.
      snooze('next-ended', '1', 2 * HOUR),
      snooze('next-running', '1', HOUR / 2),
    ];
    const asked = new Set<string>();
    const queued = await closeExpiredSnoozes(outbox, data(tasks), options(asked));
    expect(queued.map((e) => [e.label, e.state])).toEqual([
      ['closed: date-passed', 'pending'],
      ['closed: new-reading', 'pending'],
    ]);
    const first = await outbox.details(queued[0]?.id ?? '');
    expect(first).toMatchObject({ mode: 'replace', ifMatch: '3' });
    expect(first?.body).toMatchObject({
      resourceType: 'Task',
      id: 'dated-ended',
      status: 'completed',
      businessStatus: { coding: [{ code: 'snooze-ended' }] },
      lastModified: '2026-11-01T09:00:00.000Z',
      restriction: { period: { end: '2026-10-31' } },
    });
    // The next poll of this view asks for nothing; another view finds the same entries.
    expect(await closeExpiredSnoozes(outbox, data(tasks), options(asked))).toEqual([]);
    const again = await closeExpiredSnoozes(outbox, data(tasks), options());
    expect(again.map((e) => e.id)).toEqual(queued.map((e) => e.id));
    expect(await outbox.list()).toHaveLength(2);
    expect(queued[0]?.id).toContain(snoozeCloseEntryId('dated-ended', '3'));
  });

  it('two workstations closing the same snooze: one new version, both delivered, no conflict', async () => {
    const server = new VersionedServerFake();
    const task = server.seed(snooze('s1', '1', 30 * HOUR, '2026-10-31'), '1') as Task;
    const a = await workstation();
    const b = await workstation();
    await closeExpiredSnoozes(a, data([task]), options());
    await closeExpiredSnoozes(b, data([task]), options());
    expect(await a.flush(server)).toMatchObject({ sent: [expect.any(String)], conflicts: [] });
    expect(await b.flush(server)).toMatchObject({ sent: [expect.any(String)], conflicts: [] });
    expect(server.log).toEqual([
      'PUT Task/s1 If-Match W/"1"',
      'PUT Task/s1 If-Match W/"1"',
      'GET Task/s1',
    ]);
    expect(server.get('Task', 's1')).toMatchObject({
      status: 'completed',
      meta: { versionId: '2' },
    });
  });

  it('a snooze someone changed meanwhile is never closed over their change', async () => {
    const server = new VersionedServerFake();
    const v1 = server.seed(snooze('s1', '1', 30 * HOUR, '2026-10-31'), '1') as Task;
    // Another clinician extends the snooze before this workstation's close arrives.
    const v2 = server.edit('Task', 's1', (t) => ({
      ...t,
      restriction: { period: { end: '2026-11-30' } },
    })) as Task;
    const a = await workstation();
    const [close] = await closeExpiredSnoozes(a, data([v1]), options());
    expect(await a.flush(server)).toMatchObject({ sent: [], conflicts: [close?.id] });
    expect(server.get('Task', 's1')).toMatchObject({ status: 'on-hold', meta: { versionId: '2' } });
    // Once version 2 is read, the snooze runs until the 30th: nothing more to close.
    expect(await closeExpiredSnoozes(a, data([v2]), options())).toEqual([]);
  });

  it('an enqueue that failed is asked for again on the next poll', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const real = await workstation();
    let fail = true;
    const outbox = {
      enqueue: (input: OutboxInput): Promise<OutboxListEntry> => {
        if (fail) {
          fail = false;
          return Promise.reject(new Error('QuotaExceededError'));
        }
        return real.enqueue(input);
      },
    };
    const asked = new Set<string>();
    const tasks = [snooze('s1', '1', 30 * HOUR, '2026-10-31')];
    expect(await closeExpiredSnoozes(outbox, data(tasks), options(asked))).toEqual([]);
    expect(await closeExpiredSnoozes(outbox, data(tasks), options(asked))).toHaveLength(1);
  });
});
