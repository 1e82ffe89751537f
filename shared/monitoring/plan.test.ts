import type { CarePlan } from 'fhir/r4';
import { parseMonitoringPlan, type MonitoringPlan } from './plan';
import {
  buildMonitoringCarePlan,
  monitoringPlanToCarePlan,
  setExpectedFrequency,
  setThreshold,
  timingForPerDay,
} from './plan-edit';
import { activity, carePlan, heartFailurePlan, thresholdExt } from './test-data';

function plan(resource: unknown): MonitoringPlan {
  const r = parseMonitoringPlan(resource);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

function error(resource: unknown): string {
  const r = parseMonitoringPlan(resource);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

const drWeber = { reference: 'Practitioner/p1', display: 'Dr Anna Weber' };

describe('parseMonitoringPlan', () => {
  it('reads the contract example: weight daily, red rise 2 kg in 3 days', () => {
    const p = plan(
      carePlan(
        '42',
        [activity('29463-7', 1, [thresholdExt('red', 'rise', 2, 'kg', { windowDays: 3 })])],
        '2026-08-24',
      ),
    );
    expect(p).toEqual({
      patientId: '42',
      carePlanId: 'rm-42',
      status: 'active',
      title: 'Remote monitoring: heart failure',
      start: '2026-08-24',
      startEpoch: Date.UTC(2026, 7, 24),
      metrics: [
        {
          metric: 'weight',
          active: true,
          expectedPerDay: 1,
          thresholds: [
            {
              level: 'red',
              kind: 'rise',
              value: 2,
              unit: 'kg',
              window: { value: 3, unit: 'd' },
              setBy: drWeber,
              setAt: '2026-08-24T09:00:00Z',
            },
          ],
        },
      ],
    });
  });

  it('reads BP component thresholds, twice a day, CGM 288 a day, every 2 days', () => {
    const cp = heartFailurePlan('7');
    cp.activity?.push(activity('99504-3', 288, []));
    const every2 = activity('59408-5', undefined, []);
    if (every2.detail)
      every2.detail.scheduledTiming = { repeat: { frequency: 1, period: 2, periodUnit: 'd' } };
    cp.activity?.push(every2);
    cp.meta = { versionId: '3' };
    const p = plan(cp);
    expect(p.versionId).toBe('3');
    const bp = p.metrics.find((m) => m.metric === 'blood-pressure');
    expect(bp?.expectedPerDay).toBe(2);
    expect(bp?.thresholds.map((t) => [t.level, t.kind, t.component, t.value])).toEqual([
      ['red', 'above', 'systolic', 180],
      ['yellow', 'above', 'systolic', 160],
      ['yellow', 'above', 'diastolic', 100],
      ['red', 'below', 'systolic', 90],
    ]);
    expect(p.metrics.find((m) => m.metric === 'cgm-glucose')?.expectedPerDay).toBe(288);
    expect(p.metrics.find((m) => m.metric === 'spo2')?.expectedPerDay).toBe(0.5);
  });

  it('marks on-hold activities inactive and lists unknown activities as warnings', () => {
    const held = activity('29463-7', 1, []);
    if (held.detail) held.detail.status = 'on-hold';
    const r = parseMonitoringPlan(carePlan('1', [held, activity('1234-5', 1, [])]));
    expect(r.ok && r.plan.metrics[0]?.active).toBe(false);
    expect(r.ok && r.warnings).toEqual(['activity[1] (1234-5): not a monitored metric; ignored']);
  });

  it('explains what is wrong with a bad plan', () => {
    expect(error({ resourceType: 'Patient' })).toMatch(/^not a valid CarePlan: resourceType: /);
    expect(
      error(carePlan('1', [activity('85354-9', 2, [thresholdExt('red', 'above', 180, 'mm[Hg]')])])),
    ).toBe(
      'activity[0] (85354-9) extension[0] (blood-pressure threshold): "component" must be 8480-6 (systolic) or 8462-4 (diastolic)',
    );
    expect(
      error(carePlan('1', [activity('29463-7', 1, [thresholdExt('red', 'above', 100, 'mg/dL')])])),
    ).toBe(
      'activity[0] (29463-7) extension[0] (weight threshold): unit mg/dL does not measure weight (use kg or [lb_av] or g)',
    );
    expect(
      error(carePlan('1', [activity('29463-7', 1, [thresholdExt('red', 'rise', 2, 'kg')])])),
    ).toMatch(/a rise needs "window"/);
    expect(
      error(carePlan('1', [activity('29463-7', 1, [thresholdExt('red', 'rise', 2, 'pounds')])])),
    ).toMatch(/unit "pounds" is not a supported UCUM unit/);
    const noCategory: CarePlan = { ...carePlan('1', []), category: [] };
    expect(error(noCategory)).toBe('CarePlan/rm-1 has no "remote-monitoring" category');
    const twice = carePlan('1', [activity('29463-7', 1, []), activity('29463-7', 2, [])]);
    expect(error(twice)).toBe(
      'activity[1] (29463-7): a second activity for weight (one activity per metric)',
    );
    expect(error({ ...carePlan('1', []), subject: { reference: 'Group/1' } })).toBe(
      'CarePlan/rm-1: subject must reference a Patient',
    );
  });
});

describe('setThreshold', () => {
  it('adds a threshold with who and when, keeping unknown fields', () => {
    const original = carePlan('1', [
      activity('29463-7', 1, [thresholdExt('red', 'rise', 2, 'kg', { windowDays: 3 })]),
    ]);
    const withExtras = {
      ...original,
      note: [{ text: 'kept' }],
      activity: [
        {
          ...original.activity?.[0],
          outcomeReference: [{ reference: 'Observation/x' }],
          detail: {
            ...original.activity?.[0]?.detail,
            description: 'weigh before breakfast',
            extension: [
              { url: 'http://example.org/other', valueString: 'kept too' },
              ...(original.activity?.[0]?.detail?.extension ?? []),
            ],
          },
        },
      ],
    } as CarePlan;
    const r = setThreshold(
      withExtras,
      {
        metric: 'weight',
        level: 'yellow',
        kind: 'rise',
        limit: { value: 3, unit: '[lb_av]', window: { value: 2, unit: 'd' } },
      },
      { reference: 'Practitioner/p2', display: 'Dr Luca Rossi' },
      '2026-08-25T10:00:00Z',
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.carePlan.note).toEqual([{ text: 'kept' }]);
    const act = r.carePlan.activity?.[0];
    expect(act?.outcomeReference).toEqual([{ reference: 'Observation/x' }]);
    expect(act?.detail?.description).toBe('weigh before breakfast');
    expect(act?.detail?.extension?.[0]).toEqual({
      url: 'http://example.org/other',
      valueString: 'kept too',
    });
    expect(r.plan.metrics[0]?.thresholds[1]).toEqual({
      level: 'yellow',
      kind: 'rise',
      value: 3,
      unit: '[lb_av]',
      window: { value: 2, unit: 'd' },
      setBy: { reference: 'Practitioner/p2', display: 'Dr Luca Rossi' },
      setAt: '2026-08-25T10:00:00Z',
    });
    // The original resource is not modified.
    expect(original.activity?.[0]?.detail?.extension).toHaveLength(1);
  });

  it('replaces the threshold with the same level, kind and component; null removes it', () => {
    const cp = heartFailurePlan('1');
    const r = setThreshold(
      cp,
      {
        metric: 'blood-pressure',
        level: 'yellow',
        kind: 'above',
        component: 'systolic',
        limit: { value: 150, unit: 'mm[Hg]' },
      },
      drWeber,
      '2026-08-25T10:00:00Z',
    );
    if (!r.ok) throw new Error(r.error);
    const bp = r.plan.metrics.find((m) => m.metric === 'blood-pressure');
    expect(
      bp?.thresholds.map((t) => `${t.level} ${t.kind} ${t.component ?? ''} ${t.value}`),
    ).toEqual([
      'red above systolic 180',
      'yellow above systolic 150',
      'yellow above diastolic 100',
      'red below systolic 90',
    ]);
    const removed = setThreshold(
      r.carePlan,
      {
        metric: 'blood-pressure',
        level: 'yellow',
        kind: 'above',
        component: 'diastolic',
        limit: null,
      },
      drWeber,
      '2026-08-25T10:05:00Z',
    );
    expect(removed.ok && removed.plan.metrics[1]?.thresholds).toHaveLength(3);
  });

  it('adds the activity for a metric not yet monitored, and refuses a unit that does not fit', () => {
    const cp = carePlan('1', []);
    const r = setThreshold(
      cp,
      { metric: 'spo2', level: 'red', kind: 'below', limit: { value: 90, unit: '%' } },
      drWeber,
      '2026-08-25T10:00:00Z',
    );
    expect(r.ok && r.plan.metrics.map((m) => [m.metric, m.thresholds[0]?.value])).toEqual([
      ['spo2', 90],
    ]);
    const bad = setThreshold(
      cp,
      { metric: 'weight', level: 'red', kind: 'above', limit: { value: 90, unit: '%' } },
      drWeber,
      '2026-08-25T10:00:00Z',
    );
    expect(bad).toEqual({
      ok: false,
      error:
        'activity[0] (29463-7) extension[0] (weight threshold): unit % does not measure weight (use kg or [lb_av] or g)',
    });
    expect(
      setThreshold(
        cp,
        { metric: 'spo2', level: 'red', kind: 'below', limit: { value: 90, unit: '%' } },
        drWeber,
        '2026-08-25',
      ),
    ).toEqual({
      ok: false,
      error: '"2026-08-25" is not a dateTime with a time',
    });
  });
});

describe('writing plans', () => {
  it('timingForPerDay', () => {
    expect(timingForPerDay(2)).toEqual({ repeat: { frequency: 2, period: 1, periodUnit: 'd' } });
    expect(timingForPerDay(1 / 7)).toEqual({
      repeat: { frequency: 1, period: 7, periodUnit: 'd' },
    });
    expect(timingForPerDay(1.5)).toEqual({ repeat: { frequency: 1, period: 16, periodUnit: 'h' } });
  });

  it('builds a new enrolment that parses back', () => {
    const cp = buildMonitoringCarePlan({
      patientId: '9',
      title: 'Remote monitoring: COPD',
      start: '2026-08-24',
      author: drWeber,
      metrics: [{ metric: 'spo2', expectedPerDay: 2 }, { metric: 'heart-rate' }],
    });
    expect(cp.id).toBe('rm-9');
    expect(plan(cp).metrics).toEqual([
      { metric: 'spo2', active: true, expectedPerDay: 2, thresholds: [] },
      { metric: 'heart-rate', active: true, thresholds: [] },
    ]);
    const freq = setExpectedFrequency(cp, 'heart-rate', 1);
    expect(freq.ok && freq.plan.metrics[1]?.expectedPerDay).toBe(1);
  });

  it('round-trips a plan through monitoringPlanToCarePlan, keeping the original Timing', () => {
    const original = heartFailurePlan('5');
    const weight = original.activity?.[0]?.detail;
    if (weight) weight.scheduledTiming = { repeat: { frequency: 1, period: 24, periodUnit: 'h' } };
    const p = plan(original);
    const back = monitoringPlanToCarePlan(p, original);
    expect(plan(back)).toEqual(p);
    expect(back.activity?.[0]?.detail?.scheduledTiming).toEqual({
      repeat: { frequency: 1, period: 24, periodUnit: 'h' },
    });
    const fresh = monitoringPlanToCarePlan(p);
    expect(plan(fresh)).toEqual(p);
    // Pausing and resuming a metric.
    const paused = monitoringPlanToCarePlan(
      {
        ...p,
        metrics: p.metrics.map((m) => (m.metric === 'weight' ? { ...m, active: false } : m)),
      },
      original,
    );
    expect(paused.activity?.[0]?.detail?.status).toBe('on-hold');
    expect(plan(monitoringPlanToCarePlan(p, paused)).metrics[0]?.active).toBe(true);
    expect(monitoringPlanToCarePlan({ ...p, metrics: [] }, original).activity).toEqual([]);
  });
});
