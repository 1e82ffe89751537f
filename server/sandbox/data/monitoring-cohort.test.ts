import type { CarePlan, Device, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { syntheticMonitoringCohort } from './monitoring-cohort';
import type { SyntheticMonitoredPatient } from './monitoring-cohort';
import { ANCHOR_MS } from './prng';

const cohort = [...syntheticMonitoringCohort(40, { seed: 5 })];
const observations = (p: SyntheticMonitoredPatient): Observation[] =>
  p.observations as unknown as Observation[];
const byCode = (p: SyntheticMonitoredPatient, loinc: string): Observation[] =>
  observations(p).filter((o) => o.code.coding?.[0]?.code === loinc);
const day = (o: Observation): string => (o.effectiveDateTime ?? '').slice(0, 10);

describe('syntheticMonitoringCohort', () => {
  it('yields the asked number of patients with stable ids, in turn by condition', () => {
    expect(cohort.map((p) => p.patient.id).slice(0, 3)).toEqual([
      'rm-synth-0001',
      'rm-synth-0002',
      'rm-synth-0003',
    ]);
    expect(cohort.slice(0, 5).map((p) => p.condition)).toEqual([
      'hypertension',
      'type-2-diabetes',
      'heart-failure',
      'copd',
      'hypertension',
    ]);
    expect(new Set(cohort.map((p) => p.story)).size).toBeGreaterThan(3);
  });

  it('is the same for the same seed', () => {
    const again = [...syntheticMonitoringCohort(5, { seed: 5 })];
    expect(JSON.stringify(again)).toBe(JSON.stringify(cohort.slice(0, 5)));
    const other = [...syntheticMonitoringCohort(5, { seed: 6 })];
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(cohort.slice(0, 5)));
  });

  it('enrols each patient with a remote-monitoring CarePlan and their devices', () => {
    for (const p of cohort) {
      const plan = p.carePlan as unknown as CarePlan;
      expect(plan.id).toBe(`rm-${p.patient.id ?? ''}`);
      expect(plan.category?.[0]?.coding?.[0]?.code).toBe('remote-monitoring');
      expect(plan.subject.reference).toBe(`Patient/${p.patient.id ?? ''}`);
      for (const d of p.devices as unknown as Device[])
        expect(d.patient?.reference).toBe(plan.subject.reference);
    }
  });

  it('gives 90 days of final readings up to the anchor, oldest first, with meta.lastUpdated', () => {
    for (const p of cohort) {
      const obs = observations(p);
      expect(obs.length).toBeGreaterThan(100);
      const dates = obs.map((o) => o.effectiveDateTime ?? '');
      expect([...dates].sort()).toEqual(dates);
      expect(Date.parse(dates.at(-1) ?? '')).toBeLessThanOrEqual(ANCHOR_MS);
      expect(dates[0]?.slice(0, 10)).toBe('2026-08-04');
      expect(
        obs.every((o) => o.status === 'final' && typeof o.meta?.lastUpdated === 'string'),
      ).toBe(true);
    }
  });

  it('puts each story into the last days', () => {
    const missed = cohort.find((p) => p.story === 'missed-readings');
    const lastDay = missed ? observations(missed).map(day).sort().at(-1) : undefined;
    expect(lastDay).toBe('2026-10-29');

    const gain = [...syntheticMonitoringCohort(200, { seed: 5 })].find(
      (p) => p.story === 'weight-gain' && p.condition === 'heart-failure',
    );
    const weights = gain ? byCode(gain, '29463-7') : [];
    const today = weights.at(-1)?.valueQuantity?.value ?? NaN;
    const before = weights.filter((o) => day(o) <= '2026-10-29').at(-1);
    expect(today - (before?.valueQuantity?.value ?? NaN)).toBeGreaterThan(2);

    const stable = cohort.filter((p) => p.story === 'stable' && p.condition === 'hypertension');
    expect(stable.length).toBeGreaterThan(0);
    for (const p of stable) {
      const systolic = byCode(p, '85354-9').map(
        (o) => o.component?.[0]?.valueQuantity?.value ?? NaN,
      );
      expect(Math.max(...systolic)).toBeLessThan(200);
    }
  });
});
