import { parseMonitoringPlan, type MonitoringPlan } from './plan';
import { readObservation, type Reading } from './readings';
import { evaluatePatient, evaluateThresholds, type Alert } from './rules';
import { groupReadings } from './series';
import { activity, carePlan, heartFailurePlan, observation, thresholdExt } from './test-data';

const now = Date.UTC(2026, 7, 24, 12, 0);

function plan(cp: unknown): MonitoringPlan {
  const r = parseMonitoringPlan(cp);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

const hf = plan(heartFailurePlan('p1'));
const weight = (id: string, at: string, value: number, unit = 'kg'): Reading =>
  readObservation(observation(id, 'p1', '29463-7', at, { value, unit }), { now });
const bp = (id: string, at: string, sys: number, dia?: number): Reading =>
  readObservation(
    observation(id, 'p1', '85354-9', at, dia === undefined ? { sys } : { sys, dia }),
    { now },
  );
const glucose = (
  id: string,
  at: string,
  value: number,
  unit = 'mg/dL',
  comparator?: '<' | '>',
): Reading =>
  readObservation(
    observation(id, 'p1', '2339-0', at, { value, unit, ...(comparator ? { comparator } : {}) }),
    { now },
  );

function thresholds(readings: Reading[], p: MonitoringPlan = hf): Alert[] {
  return evaluateThresholds(p, groupReadings(readings), { now });
}

describe('relative rules (rise/fall over a window)', () => {
  it('weight +2.4 kg in 3 days is red, and red beats the yellow +1.5 kg', () => {
    const alerts = thresholds([
      weight('w1', '2026-08-20T08:00:00Z', 84.1),
      weight('w2', '2026-08-21T08:00:00Z', 85.0),
      weight('w3', '2026-08-23T08:00:00Z', 86.5),
    ]);
    expect(alerts).toHaveLength(1);
    const [a] = alerts as [Alert];
    expect(a.id).toBe('p1:weight:red-rise:w3');
    expect(a.level).toBe('red');
    expect(a.readings.map((r) => r.id)).toEqual(['w3', 'w1']);
    expect(a.text).toBe('Weight rose 2.4 kg in 3 days (84.1 → 86.5 kg); red limit +2 kg in 3 days');
    expect(a.reason).toEqual({
      key: 'alert.rise',
      values: {
        metric: 'weight',
        slot: 'value',
        change: 2.4,
        changeUnit: 'kg',
        from: 84.1,
        fromUnit: 'kg',
        to: 86.5,
        toUnit: 'kg',
        spanHours: 72,
        level: 'red',
        limit: 2,
        limitUnit: 'kg',
        window: 3,
        windowUnit: 'd',
      },
    });
  });

  it('readings in [lb_av] against a kg threshold: 185 → 190 lb is +2.27 kg (red), told in lb', () => {
    const alerts = thresholds([
      weight('w1', '2026-08-20T08:00:00Z', 185, '[lb_av]'),
      weight('w2', '2026-08-21T08:00:00Z', 186, '[lb_av]'),
      weight('w3', '2026-08-22T08:00:00Z', 186.5, '[lb_av]'), // +1.5 lb = 0.68 kg: nothing
      weight('w4', '2026-08-23T08:00:00Z', 190, '[lb_av]'),
    ]);
    expect(alerts.map((a) => [a.id, a.text])).toEqual([
      [
        'p1:weight:red-rise:w4',
        'Weight rose 5 lb in 3 days (185 → 190 lb); red limit +2 kg in 3 days',
      ],
    ]);
  });

  it('mixed units keep each reading in its own unit; the change is in the newest one', () => {
    const [a] = thresholds([
      weight('w1', '2026-08-21T20:00:00Z', 185, '[lb_av]'),
      weight('w2', '2026-08-23T08:00:00Z', 86.5),
    ]);
    // 86.5 − 185 × 0.45359237 = 2.585 kg
    expect(a?.text).toBe(
      'Weight rose 2.6 kg in 1.5 days (185 lb → 86.5 kg); red limit +2 kg in 3 days',
    );
  });

  it('compares with the lowest reading of the window, triggers at the limit, not beyond the window', () => {
    const atLimit = thresholds([
      weight('w1', '2026-08-20T08:00:00Z', 63.0),
      weight('w2', '2026-08-21T08:00:00Z', 62.1), // lowest: the baseline
      weight('w3', '2026-08-23T08:00:00Z', 64.1), // 64.1 − 62.1 = 1.999999999999993 in floating point
    ]);
    expect(atLimit.map((a) => [a.level, a.readings.map((r) => r.id)])).toEqual([
      ['red', ['w3', 'w2']],
    ]);
    const outside = thresholds([
      weight('w1', '2026-08-20T07:59:00Z', 84.0), // 3 days + 1 minute before w2
      weight('w2', '2026-08-23T08:00:00Z', 86.5),
    ]);
    expect(outside).toEqual([]);
  });

  it('a fall threshold uses the highest reading of the window', () => {
    const p = plan(
      carePlan('p1', [
        activity('29463-7', 1, [thresholdExt('yellow', 'fall', 2, 'kg', { windowDays: 2 })]),
      ]),
    );
    const [a] = thresholds(
      [
        weight('w1', '2026-08-21T08:00:00Z', 86.0),
        weight('w2', '2026-08-22T08:00:00Z', 86.5),
        weight('w3', '2026-08-23T08:00:00Z', 84.4),
      ],
      p,
    );
    expect(a?.text).toBe(
      'Weight fell 2.1 kg in 1 day (86.5 → 84.4 kg); yellow limit -2 kg in 2 days',
    );
  });
});

describe('absolute rules', () => {
  it('checks each BP component against its own limits; red beats yellow', () => {
    const alerts = thresholds([
      bp('b1', '2026-08-23T08:00:00Z', 185, 95), // systolic red (yellow too), diastolic fine
      bp('b2', '2026-08-23T20:00:00Z', 150, 105), // diastolic yellow only
      bp('b3', '2026-08-24T08:00:00Z', 180, 80), // exactly 180 is not above 180: yellow (> 160)
      bp('b4', '2026-08-24T09:00:00Z', 85, 50), // systolic below 90: red
    ]);
    expect(alerts.map((a) => [a.id, a.text])).toEqual([
      [
        'p1:blood-pressure:red-below-systolic:b4',
        'Systolic blood pressure 85 mmHg; red limit below 90 mmHg',
      ],
      [
        'p1:blood-pressure:red-above-systolic:b1',
        'Systolic blood pressure 185 mmHg; red limit above 180 mmHg',
      ],
      [
        'p1:blood-pressure:yellow-above-systolic:b3',
        'Systolic blood pressure 180 mmHg; yellow limit above 160 mmHg',
      ],
      [
        'p1:blood-pressure:yellow-above-diastolic:b2',
        'Diastolic blood pressure 105 mmHg; yellow limit above 100 mmHg',
      ],
    ]);
  });

  it('a data-absent diastolic does not hide a high systolic', () => {
    const alerts = thresholds([bp('b1', '2026-08-23T08:00:00Z', 190)]);
    expect(alerts.map((a) => a.id)).toEqual(['p1:blood-pressure:red-above-systolic:b1']);
  });

  it('is unit-aware: mmol/L readings against a mmol/L red and a mg/dL yellow limit', () => {
    const alerts = thresholds([
      glucose('g1', '2026-08-23T07:00:00Z', 2.8, 'mmol/L'), // 50.4 mg/dL < 54.048: red
      glucose('g2', '2026-08-23T12:00:00Z', 60), // 60 mg/dL: above 3 mmol/L, below 70: yellow
      glucose('g3', '2026-08-23T18:00:00Z', 20, 'mg/dL', '<'), // "< 20" proves below: red
      glucose('g4', '2026-08-23T19:00:00Z', 80, 'mg/dL', '<'), // "< 80" proves nothing
      glucose('g5', '2026-08-23T20:00:00Z', 1001), // implausible: flagged, no alert
    ]);
    expect(alerts.map((a) => [a.id, a.text])).toEqual([
      ['p1:glucose:red-below:g3', 'Glucose < 20 mg/dL; red limit below 3 mmol/L'],
      ['p1:glucose:red-below:g1', 'Glucose 2.8 mmol/L; red limit below 3 mmol/L'],
      ['p1:glucose:yellow-below:g2', 'Glucose 60 mg/dL; yellow limit below 70 mg/dL'],
    ]);
  });

  it('ignores readings before the plan start or the lookback, and entered-in-error ones', () => {
    const late = plan(heartFailurePlan('p1', '2026-08-23'));
    const alerts = thresholds(
      [
        bp('b1', '2026-08-22T23:00:00Z', 200, 90), // before the plan start
        bp('b2', '2026-08-23T08:00:00Z', 200, 90),
        readObservation(
          {
            ...observation('b3', 'p1', '85354-9', '2026-08-23T09:00:00Z', { sys: 200, dia: 90 }),
            status: 'entered-in-error',
          },
          { now },
        ),
      ],
      late,
    );
    expect(alerts.map((a) => a.id)).toEqual(['p1:blood-pressure:red-above-systolic:b2']);
    const old = thresholds([bp('b1', '2026-08-09T11:00:00Z', 200, 90)]); // 15 days ago
    expect(old).toEqual([]);
    expect(
      evaluateThresholds(hf, groupReadings([bp('b1', '2026-08-09T11:00:00Z', 200, 90)]), {
        now,
        lookbackMs: 16 * 86_400_000,
      }),
    ).toHaveLength(1);
  });

  it('applies above/below to a summary (mean over days) but not rise/fall', () => {
    const mean = readObservation(
      {
        ...observation('avg', 'p1', '96607-7', '2026-08-23T08:00:00Z', { sys: 0 }),
        effectiveDateTime: undefined,
        effectivePeriod: { start: '2026-08-17T00:00:00Z', end: '2026-08-23T23:59:00Z' },
        component: [
          {
            code: { coding: [{ system: 'http://loinc.org', code: '96608-5' }] },
            valueQuantity: {
              value: 165,
              unit: 'mm[Hg]',
              system: 'http://unitsofmeasure.org',
              code: 'mm[Hg]',
            },
          },
          {
            code: { coding: [{ system: 'http://loinc.org', code: '96609-3' }] },
            valueQuantity: {
              value: 85,
              unit: 'mm[Hg]',
              system: 'http://unitsofmeasure.org',
              code: 'mm[Hg]',
            },
          },
        ],
      },
      { now },
    );
    expect(mean.summary).toBe(true);
    expect(thresholds([mean]).map((a) => a.id)).toEqual([
      'p1:blood-pressure:yellow-above-systolic:avg',
    ]);
  });
});

describe('evaluatePatient', () => {
  it('combines threshold and missed alerts, most urgent first, and lists flagged readings', () => {
    const e = evaluatePatient(
      hf,
      [
        weight('w1', '2026-08-20T08:00:00Z', 84.1),
        weight('w3', '2026-08-23T08:00:00Z', 86.5),
        glucose('g1', '2026-08-24T07:00:00Z', 60),
        glucose('g9', '2026-08-24T08:00:00Z', 1001),
      ],
      { now },
    );
    expect(e.alerts.map((a) => `${a.level} ${a.id}`)).toEqual([
      'red p1:weight:red-rise:w3',
      'yellow p1:glucose:yellow-below:g1',
      'missed p1:blood-pressure:missed:start',
    ]);
    expect(e.readings.flagged.map((r) => r.id)).toEqual(['g9']);
    expect(e.lastReadingAt).toEqual({
      weight: Date.UTC(2026, 7, 23, 8),
      glucose: Date.UTC(2026, 7, 24, 7),
    });
  });
});
