import { alertId } from './alerts';
import { parseMonitoringPlan, type MonitoringPlan } from './plan';
import { readObservation, type Reading } from './readings';
import { heartFailurePlan, observation } from './test-data';
import {
  triage,
  triagePatient,
  type Acknowledgement,
  type Snooze,
  type TriagePatient,
} from './triage';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 7, 24, 12);

function plan(id: string): MonitoringPlan {
  const r = parseMonitoringPlan(heartFailurePlan(id, '2026-05-26'));
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

type Kind = 'weight' | 'bp' | 'glucose';

type Unit = 'kg' | 'mm[Hg]' | 'mg/dL';
const valueCache = new Map<string, Reading['values']>();
const partyCache = new Map<string, Reading['performers']>();
const NO_FLAGS: Reading['flags'] = [];

/** Readings' value objects are never modified, so equal ones are shared to spare memory. */
function valuesOf(kind: Kind, value: number, dia: number): Reading['values'] {
  const key = `${kind}|${String(value)}|${String(dia)}`;
  let values = valueCache.get(key);
  if (!values) {
    const m = (v: number, unit: Unit) => ({
      kind: 'measured' as const,
      value: v,
      unitSent: unit,
      unit,
      canonical: v,
      plausible: true,
    });
    values =
      kind === 'bp'
        ? { systolic: m(value, 'mm[Hg]'), diastolic: m(dia, 'mm[Hg]') }
        : { value: m(value, kind === 'weight' ? 'kg' : 'mg/dL') };
    valueCache.set(key, values);
  }
  return values;
}

/**
 * A Reading as readObservation builds it for the contract's Observations (checked against it
 * below), built directly so that 450,000 of them take a fraction of the time.
 */
function fastReading(
  patientId: string,
  id: string,
  kind: Kind,
  epoch: number,
  value: number,
  dia = 80,
): Reading {
  let performers = partyCache.get(patientId);
  if (!performers) {
    performers = [{ reference: `Patient/${patientId}` }];
    partyCache.set(patientId, performers);
  }
  return {
    id,
    reference: `Observation/${id}`,
    status: 'final',
    metric: kind === 'bp' ? 'blood-pressure' : kind,
    summary: false,
    time: { kind: 'dateTime', value: new Date(epoch).toISOString() },
    epoch,
    dateOnly: false,
    values: valuesOf(kind, value, dia),
    performers,
    patientEntered: true,
    subject: `Patient/${patientId}`,
    flags: NO_FLAGS,
    usable: true,
  };
}

it('fastReading builds what readObservation builds', () => {
  const at = now - 5 * HOUR;
  for (const [kind, loinc, value] of [
    ['weight', '29463-7', { value: 80, unit: 'kg' }],
    ['bp', '85354-9', { sys: 120, dia: 80 }],
    ['glucose', '2339-0', { value: 110, unit: 'mg/dL' }],
  ] as const) {
    const { observation: _o, ...read } = readObservation(
      observation('x', 'p', loinc, new Date(at).toISOString(), value),
      { now },
    );
    expect(fastReading('p', 'x', kind, at, 'sys' in value ? value.sys : value.value)).toEqual(read);
  }
});

/** 90 days × 5 readings: weight daily, BP and glucose twice daily, with the given changes. */
function patientReadings(
  pid: string,
  change: (kind: Kind, k: number, slot: number) => number | null,
): Reading[] {
  const out: Reading[] = [];
  const normal: Record<Kind, number> = { weight: 80, bp: 120, glucose: 110 };
  const offsets: Record<Kind, number[]> = {
    weight: [5 * HOUR],
    bp: [5 * HOUR, 17 * HOUR],
    glucose: [4.5 * HOUR, 16.5 * HOUR],
  };
  for (let k = 0; k < 90; k++) {
    for (const kind of ['weight', 'bp', 'glucose'] as const) {
      offsets[kind].forEach((offset, slot) => {
        const v = change(kind, k, slot);
        if (v === null) return;
        out.push(
          fastReading(
            pid,
            `${pid}-${kind}-${String(k)}-${String(slot)}`,
            kind,
            now - k * DAY - offset,
            v || normal[kind],
          ),
        );
      });
    }
  }
  return out;
}

describe('triage of 1,000 patients × 90 days', () => {
  const patients: TriagePatient[] = [];
  const acknowledgements: Acknowledgement[] = [];
  const snoozes: Snooze[] = [];
  for (let i = 0; i < 1000; i++) {
    const pid = `p${String(i).padStart(4, '0')}`;
    const g = i % 10;
    const readings = patientReadings(pid, (kind, k, slot) => {
      if (g === 0 && kind === 'weight') return (i % 20 === 0 ? k === 0 : k === 1) ? 82.5 : 0; // red rise
      if (g === 1 && kind === 'bp' && k === 1 && slot === 0) return 170; // yellow systolic
      if (g === 2 && kind === 'bp' && k < 2) return null; // BP missed for 2 days
      if (g === 3 && kind === 'bp' && k === 2 && slot === 0) return 190; // red, acknowledged
      if (g === 4 && kind === 'glucose' && k === 0 && slot === 0) return 65; // yellow, snoozed
      if (g === 5 && kind === 'glucose' && k === 5 && slot === 0) return 65; // yellow, snooze ended
      return 0;
    });
    if (g === 6) {
      readings.push(
        readObservation(
          observation(`${pid}-bad`, pid, '2339-0', '2026-08-14T08:00:00Z', {
            value: 1001,
            unit: 'mg/dL',
          }),
          { now },
        ),
      );
    }
    if (g === 3) {
      acknowledgements.push({
        alertIds: [alertId(pid, 'blood-pressure', 'red-above-systolic', `${pid}-bp-2-0`)],
      });
    }
    if (g === 4)
      snoozes.push({
        alertIds: [alertId(pid, 'glucose', 'yellow-below', `${pid}-glucose-0-0`)],
        at: now - HOUR,
      });
    if (g === 5) {
      snoozes.push({
        alertIds: [alertId(pid, 'glucose', 'yellow-below', `${pid}-glucose-5-0`)],
        at: now - 5 * DAY - 3 * HOUR,
      });
    }
    patients.push({ plan: plan(pid), readings });
  }

  it('ranks red → yellow → missed → fine, newest alert first, with reasons and last reading times', () => {
    expect(patients.reduce((n, p) => n + p.readings.length, 0)).toBe(449_700);
    const started = performance.now();
    const rows = triage(patients, { now, acknowledgements, snoozes });
    console.log(
      `triage of 1,000 patients / 449,700 readings: ${(performance.now() - started).toFixed(0)} ms`,
    );
    const count = (c: string) => rows.filter((r) => r.category === c).length;
    expect([count('red'), count('yellow'), count('missed'), count('fine')]).toEqual([
      100, 200, 100, 600,
    ]);
    // Red: spikes today (i % 20 == 0) before spikes yesterday, then by patient id.
    expect(rows.slice(0, 3).map((r) => r.patientId)).toEqual(['p0000', 'p0020', 'p0040']);
    expect(rows[50]?.patientId).toBe('p0010');
    expect(rows[0]?.top?.text).toBe(
      'Weight rose 2.5 kg in 1 day (80 → 82.5 kg); red limit +2 kg in 3 days',
    );
    expect(rows[0]?.newestAlertAt).toBe(now - 5 * HOUR);
    expect(rows[50]?.newestAlertAt).toBe(now - DAY - 5 * HOUR);
    // Yellow: the snoozed-until-next-reading alerts (5 days old) are back, after the BP ones (1 day old).
    expect(rows[100]?.top?.text).toBe(
      'Systolic blood pressure 170 mmHg; yellow limit above 160 mmHg',
    );
    expect(rows[200]?.top?.text).toBe('Glucose 65 mg/dL; yellow limit below 70 mg/dL');
    expect(rows[200]?.patientId).toBe('p0005');
    const missed = rows[300];
    expect(missed?.top?.text).toBe('No blood pressure reading for 2.2 days (expected 2 a day)');
    expect(missed?.lastReadingAtByMetric['blood-pressure']).toBe(now - 2 * DAY - 5 * HOUR);
    expect(missed?.lastReadingAt).toBe(now - 4.5 * HOUR);
    const byId = new Map(rows.map((r) => [r.patientId, r]));
    expect(byId.get('p0003')).toMatchObject({
      category: 'fine',
      hidden: { acknowledged: 1, snoozed: 0 },
    });
    expect(byId.get('p0004')).toMatchObject({
      category: 'fine',
      hidden: { acknowledged: 0, snoozed: 1 },
    });
    expect(byId.get('p0006')?.flagged.map((r) => r.id)).toEqual(['p0006-bad']);
    expect(rows.at(-1)?.patientId).toBe('p0999');
  });

  it('filters by category and by metric', () => {
    expect(
      triage(patients, { now, acknowledgements, categories: ['red'] }).map((r) => r.category),
    ).toEqual(Array(100).fill('red'));
    const weight = triage(patients, { now, acknowledgements, snoozes, metrics: ['weight'] });
    expect(weight.filter((r) => r.category !== 'fine')).toHaveLength(100);
    const bp = triage(patients, { now, acknowledgements, snoozes, metrics: ['blood-pressure'] });
    const cats = bp.map((r) => r.category);
    expect([
      cats.filter((c) => c === 'yellow').length,
      cats.filter((c) => c === 'missed').length,
    ]).toEqual([100, 100]);
    expect(bp.find((r) => r.patientId === 'p0006')?.flagged).toEqual([]);
    expect(bp.find((r) => r.patientId === 'p0002')?.lastReadingAt).toBe(now - 2 * DAY - 5 * HOUR);
  });
});

describe('snoozes', () => {
  const pid = 'p1';
  const readings = (extra: Reading[]): TriagePatient => ({
    plan: plan(pid),
    readings: [
      fastReading(pid, 'g1', 'glucose', now - 10 * HOUR, 60),
      fastReading(pid, 'w1', 'weight', now - 2 * HOUR, 80),
      fastReading(pid, 'b1', 'bp', now - 2 * HOUR, 120),
      ...extra,
    ],
  });
  const id = alertId(pid, 'glucose', 'yellow-below', 'g1');

  it('until the next reading of that metric (other metrics do not end it)', () => {
    const s: Snooze = { alertIds: [id], at: now - 9 * HOUR };
    expect(triagePatient(readings([]), { now, snoozes: [s] }).category).toBe('fine');
    const next = fastReading(pid, 'g2', 'glucose', now - HOUR, 110);
    const row = triagePatient(readings([next]), { now, snoozes: [s] });
    expect(row.category).toBe('yellow');
    expect(row.top?.id).toBe(id);
  });

  it('until a date, whatever arrives before', () => {
    const next = fastReading(pid, 'g2', 'glucose', now - HOUR, 110);
    const s: Snooze = { alertIds: [id], at: now - 9 * HOUR, until: now + HOUR };
    expect(triagePatient(readings([next]), { now, snoozes: [s] }).category).toBe('fine');
    expect(triagePatient(readings([next]), { now: now + HOUR, snoozes: [s] }).category).toBe(
      'yellow',
    );
  });
  it("through a calendar day: the clinician's day decides, not the UTC instant", () => {
    const next = fastReading(pid, 'g2', 'glucose', now - HOUR, 110);
    const s: Snooze = { alertIds: [id], at: now - 9 * HOUR, untilDate: '2026-08-25' };
    // now is 2026-08-24T12:00Z; through the 25th it stays hidden, a new reading or not.
    const hidden = triagePatient(readings([next]), { now, snoozes: [s] });
    expect(hidden.category).toBe('fine');
    expect(hidden.snoozed.map((x) => [x.alert.id, x.snooze.untilDate])).toEqual([
      [id, '2026-08-25'],
    ]);
    expect(hidden.hidden).toEqual({ acknowledged: 0, snoozed: 1 });
    const late = now + 36 * HOUR; // 2026-08-26T00:00Z (other metrics are overdue by then)
    const shown = (today?: string): boolean =>
      triagePatient(readings([next]), {
        now: late,
        snoozes: [s],
        ...(today ? { today } : {}),
      }).alerts.some((a) => a.id === id);
    // Still the 25th on the clinician's calendar (e.g. in Honolulu): still snoozed.
    expect(shown('2026-08-25')).toBe(false);
    // The 26th: due, back in the list by itself; no snoozed entry is left.
    expect(shown('2026-08-26')).toBe(true);
    const due = triagePatient(readings([next]), { now: late, today: '2026-08-26', snoozes: [s] });
    expect(due.snoozed).toEqual([]);
    // Without `today`, the UTC date of now is the day.
    expect(shown()).toBe(true);
  });

  it('lists what a snooze until the next reading hides, with that snooze', () => {
    const s: Snooze = { alertIds: [id], at: now - 9 * HOUR, taskId: 't1' };
    const row = triagePatient(readings([]), { now, snoozes: [s] });
    expect(row.snoozed).toHaveLength(1);
    expect(row.snoozed[0]?.alert.id).toBe(id);
    expect(row.snoozed[0]?.snooze).toBe(s);
  });
});
