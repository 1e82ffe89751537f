import { describe, expect, it, vi } from 'vitest';
import type { Observation, Task } from 'fhir/r4';
import { observation } from '../../../../shared/monitoring/test-data';
import { buildSnoozeTask } from '../../../../shared/monitoring/actions';
import { MonitoringReader, readMonitoringData } from './monitoring-data';
import { monitoringStore } from './monitoring-fixture';

const END = Date.UTC(2026, 10, 1, 9);
const SOURCE = 'https://fhir.example/r4';
const SIZE = { monitored: 2, days: 10, cgmReadings: 0, chartResources: 40, unmonitored: 2 };

describe('readMonitoringData', () => {
  it('decrypts only the monitoring types, and nothing again while nothing was written', async () => {
    const { store } = await monitoringStore(SIZE, END);
    const spy = vi.spyOn(store, 'readByType');
    const patientSpy = vi.spyOn(store, 'readPatient');
    const reader = new MonitoringReader();
    const first = await readMonitoringData(store, END, reader, '2026-11-01');
    expect(first.patients.map((p) => p.patientId).sort()).toEqual(['mon-0', 'mon-1']);
    // 10 days × (2 BP + 1 weight); the chart's lab results are no home readings.
    expect(first.patients[0]?.readings).toHaveLength(30);
    expect(patientSpy).not.toHaveBeenCalled();
    const types = new Set(spy.mock.calls.map((c) => c[1]));
    expect([...types].sort()).toEqual(['CarePlan', 'Observation', 'Patient']);
    // Unmonitored charts have no CarePlan pack: not even their CarePlans are decrypted.
    expect(spy.mock.calls.filter((c) => c[0].startsWith('other-'))).toEqual([]);
    expect(reader.lastStats).toMatchObject({ patients: 4, rebuilt: 2 });

    spy.mockClear();
    const second = await readMonitoringData(store, END + 60_000, reader, '2026-11-01');
    expect(spy).not.toHaveBeenCalled();
    expect(reader.lastStats).toMatchObject({ decryptedTypes: 0, rebuilt: 0 });
    expect(second.patients[0]?.readings).toBe(first.patients[0]?.readings);
    // Triage still runs at the new time.
    expect(second.rows).toHaveLength(2);
  });

  it('re-reads only the type that changed, and sees what was written', async () => {
    const { store } = await monitoringStore(SIZE, END);
    const reader = new MonitoringReader();
    const before = await readMonitoringData(store, END, reader, '2026-11-01');
    const spy = vi.spyOn(store, 'readByType');
    const reading = observation('new-1', 'mon-1', '29463-7', '2026-11-01T08:30:00Z', {
      value: 95,
      unit: 'kg',
    }) as unknown as Observation;
    await store.putResources('mon-1', [reading], SOURCE, END);
    const after = await readMonitoringData(store, END, reader, '2026-11-01');
    expect(spy.mock.calls.map((c) => [c[0], c[1]])).toEqual([['mon-1', 'Observation']]);
    const mon1 = after.patients.find((p) => p.patientId === 'mon-1');
    expect(mon1?.readings).toHaveLength(31);
    expect(mon1?.observations.has('new-1')).toBe(true);
    // The other patient is the very same object as before: nothing of theirs was rebuilt.
    expect(after.patients.find((p) => p.patientId === 'mon-0')).toBe(
      before.patients.find((p) => p.patientId === 'mon-0'),
    );
    // The same result as a reader that starts from nothing.
    const fresh = await readMonitoringData(store, END, new MonitoringReader(), '2026-11-01');
    expect(after.rows).toEqual(fresh.rows);
  });

  it('a snooze through a date ends on the clinician’s next calendar day', async () => {
    const { store } = await monitoringStore(SIZE, END);
    // mon-0's weight reading at 2026-11-01T07:00Z is 95 kg: a +15 kg rise, red.
    const heavy = observation('heavy', 'mon-0', '29463-7', '2026-11-01T07:00:00Z', {
      value: 95,
      unit: 'kg',
    }) as unknown as Observation;
    await store.putResources('mon-0', [heavy], SOURCE, END);
    const reader = new MonitoringReader();
    const open = await readMonitoringData(store, END, reader, '2026-11-01');
    const row = open.rows.find((r) => r.patientId === 'mon-0');
    const alert = row?.alerts.find((a) => a.readings[0]?.id === 'heavy');
    expect(alert?.level).toBe('red');
    const task: Task = buildSnoozeTask({
      id: 'snooze-1',
      patientId: 'mon-0',
      alertIds: [alert?.id ?? ''],
      practitioner: { reference: 'Practitioner/p1' },
      authoredOn: '2026-11-01T09:00:00Z',
      untilDate: '2026-11-02',
    });
    await store.putResources('mon-0', [task], SOURCE, END);
    const snoozed = await readMonitoringData(store, END, reader, '2026-11-02');
    const hidden = snoozed.rows.find((r) => r.patientId === 'mon-0');
    expect(hidden?.alerts.some((a) => a.id === alert?.id)).toBe(false);
    expect(hidden?.snoozed.map((s) => s.snooze.untilDate)).toEqual(['2026-11-02']);
    const due = await readMonitoringData(store, END + 86_400_000, reader, '2026-11-03');
    expect(due.rows.find((r) => r.patientId === 'mon-0')?.alerts.map((a) => a.id)).toContain(
      alert?.id,
    );
  });
});
