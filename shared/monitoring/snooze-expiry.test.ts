import { describe, expect, it } from 'vitest';
import type { Task } from 'fhir/r4';
import { buildAcknowledgeTask, buildSnoozeTask, parseAlertTask } from './actions';
import { alertId } from './alerts';
import { parseMonitoringPlan } from './plan';
import { readObservation, type Reading } from './readings';
import {
  SNOOZE_ENDED_CODE,
  buildSnoozeClose,
  expiredSnoozes,
  metricOfAlertId,
  snoozeEnd,
  snoozeTaskEnd,
} from './snooze-expiry';
import { heartFailurePlan, observation } from './test-data';
import { triagePatient, type Snooze } from './triage';

const HOUR = 3_600_000;
const now = Date.UTC(2026, 7, 24, 12); // 2026-08-24T12:00Z
const weightAlert = alertId('p1', 'weight', 'red-rise', 'w2');
const bpAlert = alertId('p1', 'blood-pressure', 'red-above-systolic', 'b1');
const practitioner = { reference: 'Practitioner/d1', display: 'Dr Anna Weber' };

const snoozeTask = (
  id: string,
  extra: { untilDate?: string; until?: string } = {},
  version = '1',
): Task => ({
  ...buildSnoozeTask({
    id,
    patientId: 'p1',
    alertIds: [weightAlert],
    practitioner,
    authoredOn: new Date(now - 9 * HOUR).toISOString(),
    ...extra,
  }),
  meta: { versionId: version },
});

describe('snoozeEnd', () => {
  const base: Snooze = { alertIds: [weightAlert], at: now - 9 * HOUR };

  it('through a date: only the calendar day decides, never the instant', () => {
    const s: Snooze = { ...base, untilDate: '2026-08-25' };
    expect(snoozeEnd(s, 'weight', {}, now, '2026-08-25')).toBeUndefined();
    // 2026-08-26T09:30Z is still the 25th in Honolulu (UTC−10): still snoozed there.
    expect(snoozeEnd(s, 'weight', {}, Date.UTC(2026, 7, 26, 9, 30), '2026-08-25')).toBeUndefined();
    expect(snoozeEnd(s, 'weight', {}, now, '2026-08-26')).toBe('date-passed');
    // A new reading does not end a dated snooze.
    expect(snoozeEnd(s, 'weight', { weight: now }, now, '2026-08-24')).toBeUndefined();
  });

  it('until a time: ends at that instant', () => {
    const s: Snooze = { ...base, until: now + HOUR };
    expect(snoozeEnd(s, 'weight', {}, now + HOUR - 1, '2026-08-24')).toBeUndefined();
    expect(snoozeEnd(s, 'weight', {}, now + HOUR, '2026-08-24')).toBe('time-passed');
  });

  it('until the next reading: a usable reading newer than the snooze ends it; without a metric it runs on', () => {
    expect(snoozeEnd(base, 'weight', {}, now, '2026-08-24')).toBeUndefined();
    expect(snoozeEnd(base, 'weight', { weight: base.at }, now, '2026-08-24')).toBeUndefined();
    expect(snoozeEnd(base, 'weight', { weight: base.at + 1 }, now, '2026-08-24')).toBe(
      'new-reading',
    );
    expect(snoozeEnd(base, 'weight', { spo2: now }, now, '2026-08-24')).toBeUndefined();
    expect(snoozeEnd(base, undefined, { weight: now }, now, '2026-08-24')).toBeUndefined();
  });
});

describe('snoozeTaskEnd and metricOfAlertId', () => {
  it('reads the metric from our alert ids and nothing else', () => {
    expect(metricOfAlertId(weightAlert)).toBe('weight');
    expect(metricOfAlertId(bpAlert)).toBe('blood-pressure');
    expect(metricOfAlertId('p1:temperature:red-above:o1')).toBeUndefined();
    expect(metricOfAlertId('not-an-alert')).toBeUndefined();
  });

  it('a snooze of several alerts until the next reading ends only when every metric has one', () => {
    const s: Snooze = { alertIds: [weightAlert, bpAlert], at: now - 9 * HOUR };
    expect(snoozeTaskEnd(s, { weight: now }, now, '2026-08-24')).toBeUndefined();
    expect(snoozeTaskEnd(s, { weight: now, 'blood-pressure': now }, now, '2026-08-24')).toBe(
      'new-reading',
    );
    const unknown: Snooze = { alertIds: ['someone-else:x'], at: 0 };
    expect(snoozeTaskEnd(unknown, { weight: now }, now, '2026-08-24')).toBeUndefined();
  });
});

describe('expiredSnoozes', () => {
  it('lists on-hold snooze Tasks that ended, with their version; leaves the rest', () => {
    const tasks: Task[] = [
      snoozeTask('dated-past', { untilDate: '2026-08-23' }, '4'),
      snoozeTask('dated-today', { untilDate: '2026-08-24' }),
      snoozeTask('next-reading'),
      { ...snoozeTask('closed', { untilDate: '2026-08-01' }), status: 'completed' },
      { ...snoozeTask('unversioned', { untilDate: '2026-08-01' }), meta: {} },
      {
        ...buildAcknowledgeTask({
          id: 'ack',
          patientId: 'p1',
          alertIds: [weightAlert],
          practitioner,
          authoredOn: new Date(now).toISOString(),
        }),
        meta: { versionId: '1' },
      },
    ];
    const ended = expiredSnoozes(tasks, {}, now, '2026-08-24');
    expect(ended.map((e) => [e.taskId, e.versionId, e.end])).toEqual([
      ['dated-past', '4', 'date-passed'],
    ]);
    // A weight reading after the snooze: the next-reading snooze has ended too.
    const later = expiredSnoozes(tasks, { weight: now - HOUR }, now, '2026-08-24');
    expect(later.map((e) => [e.taskId, e.end])).toEqual([
      ['dated-past', 'date-passed'],
      ['next-reading', 'new-reading'],
    ]);
  });

  it('agrees with triage: a Task is closed exactly when triage no longer hides its alert', () => {
    const parsed = parseMonitoringPlan(heartFailurePlan('p1', '2026-05-26'));
    if (!parsed.ok) throw new Error(parsed.error);
    const reading = (id: string, at: number, kg: number): Reading =>
      readObservation(
        observation(id, 'p1', '29463-7', new Date(at).toISOString(), { value: kg, unit: 'kg' }),
        { now },
      );
    // +3 kg in a day: a red rise alert on w2.
    const readings = [reading('w1', now - 30 * HOUR, 80), reading('w2', now - 10 * HOUR, 83)];
    const task = snoozeTask('s1');
    const result = parseAlertTask(task);
    if (result.kind !== 'snooze') throw new Error('not a snooze');
    for (const extra of [[], [reading('w3', now - HOUR, 83.2)]]) {
      const row = triagePatient(
        { plan: parsed.plan, readings: [...readings, ...extra] },
        { now, today: '2026-08-24', snoozes: [result.snooze] },
      );
      const hidden = row.snoozed.some((s) => s.alert.id === weightAlert);
      const closed = expiredSnoozes([task], row.lastReadingAtByMetric, now, '2026-08-24');
      expect(hidden).toBe(extra.length === 0);
      expect(closed.length === 1).toBe(!hidden);
    }
  });
});

describe('buildSnoozeClose', () => {
  it('completes the Task with a business status and reason; keeps the rest; the date stays a date', () => {
    const task = snoozeTask('s1', { untilDate: '2026-08-23' }, '4');
    const closed = buildSnoozeClose(task, 'date-passed', '2026-08-24T12:00:00.000Z');
    expect(closed).toEqual({
      ...task,
      status: 'completed',
      businessStatus: {
        coding: [
          {
            system: 'http://clinician-workstation.example/fhir/CodeSystem/monitoring-task',
            code: SNOOZE_ENDED_CODE,
            display: 'Snooze ended',
          },
        ],
        text: 'Snooze ended',
      },
      statusReason: { text: 'Snooze ended: the day it was snoozed through has passed' },
      lastModified: '2026-08-24T12:00:00.000Z',
    });
    expect(closed.restriction).toEqual({ period: { end: '2026-08-23' } });
    expect(task.status).toBe('on-hold'); // the Task as read is not changed
    expect(parseAlertTask(closed)).toEqual({ kind: 'inactive', reason: 'Task/s1 is completed' });
    expect(() => buildSnoozeClose(task, 'date-passed', '2026-08-24')).toThrow('time zone');
  });
});
