import { describe, expect, it } from 'vitest';
import { parseMonitoringPlan } from '../../../../shared/monitoring/plan';
import { readObservation } from '../../../../shared/monitoring/readings';
import { heartFailurePlan, observation } from '../../../../shared/monitoring/test-data';
import { agpOf, slotSeries, slotThresholds } from './trend-data';

const plan = (() => {
  const r = parseMonitoringPlan(heartFailurePlan('p1'));
  if (!r.ok) throw new Error(r.error);
  return r.plan;
})();
const metric = (key: string) => {
  const m = plan.metrics.find((x) => x.metric === key);
  if (!m) throw new Error(key);
  return m;
};

describe('trend data', () => {
  it('draws absolute limits only, per BP component, converted to the canonical unit', () => {
    expect(slotThresholds(metric('blood-pressure'), 'systolic')).toEqual([
      { level: 'red', kind: 'above', value: 180 },
      { level: 'yellow', kind: 'above', value: 160 },
      { level: 'red', kind: 'below', value: 90 },
    ]);
    expect(slotThresholds(metric('blood-pressure'), 'diastolic')).toEqual([
      { level: 'yellow', kind: 'above', value: 100 },
    ]);
    // Red below 3 mmol/L = 3 × 18.016 = 54.048 mg/dL; weight rise limits are not lines.
    const low = slotThresholds(metric('glucose'), 'value')[0];
    expect(low).toMatchObject({ level: 'red', kind: 'below' });
    expect(low?.value).toBeCloseTo(54.048, 9);
    expect(slotThresholds(metric('weight'), 'value')).toEqual([]);
  });

  it('charts usable readings in time order, in the canonical unit', () => {
    const now = Date.UTC(2026, 10, 1, 9);
    const readings = [
      observation('b', 'p1', '29463-7', '2026-11-01T07:00:00Z', { value: 176.4, unit: '[lb_av]' }),
      observation('a', 'p1', '29463-7', '2026-10-31T07:00:00Z', { value: 80, unit: 'kg' }),
      observation('x', 'p1', '29463-7', '2026-10-30T07:00:00Z', { value: 80, unit: 'stone' }),
    ].map((o) => readObservation(o, { now }));
    const series = slotSeries(readings, 'value');
    expect([...series.xs]).toEqual([Date.UTC(2026, 9, 31, 7), Date.UTC(2026, 10, 1, 7)]);
    // 176.4 lb × 0.45359237 = 80.0137 kg; the unknown unit is left out, not guessed.
    expect(series.ys[0]).toBe(80);
    expect(series.ys[1]).toBeCloseTo(80.0137, 4);
  });

  it('takes the AGP window back from the newest reading', () => {
    const now = Date.UTC(2026, 10, 1, 9);
    const readings = [110, 120, 130].map((v, i) =>
      readObservation(
        observation(`c${i}`, 'p1', '99504-3', new Date(now - i * 300_000).toISOString(), {
          value: v,
          unit: 'mg/dL',
        }),
        { now },
      ),
    );
    const { profile, metrics } = agpOf(readings, 14);
    expect(profile.window).toEqual({ from: now + 1 - 14 * 86_400_000, to: now + 1 });
    expect(profile.readings).toBe(3);
    expect(metrics.ranges.inRange.percent).toBe(100);
  });
});
