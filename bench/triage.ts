/**
 * triage-1000: the whole triage of 1,000 monitored patients × 90 days of home readings
 * (~280,000 Observations from the sandbox's synthetic cohort): per-patient thresholds
 * (absolute and relative over a window), missed readings, acknowledgements, ranking.
 * Measured as the app runs it: readings are parsed once into the cache (the app keeps parsed
 * readings by version), then each refresh triages them all. The raw baseline is what a naive
 * dashboard does: one pass over the same readings' numbers comparing each with a single fixed
 * limit per metric (no units, no windows, no missed readings). Goal from the issue: < 500 ms.
 */
import { performance } from 'node:perf_hooks';
import { syntheticMonitoringCohort } from '../server/sandbox/data/monitoring-cohort';
import { parseMonitoringPlan, type MonitoringPlan } from '../shared/monitoring/plan';
import { readObservations, type Reading } from '../shared/monitoring/readings';
import { triage } from '../shared/monitoring/triage';
import { sideBySide, type BenchResult, type Benchmark } from './harness';

const PATIENTS = 1000;
const NAIVE_LIMIT: Record<string, number> = {
  'blood-pressure': 180,
  weight: 150,
  spo2: 88,
  'heart-rate': 120,
  glucose: 300,
  'cgm-glucose': 300,
};

export const triageBench: Benchmark = {
  id: 'triage-1000',
  run(): Promise<BenchResult[]> {
    const endMs = Date.parse('2026-11-01T09:00:00Z');
    const now = endMs + 3_600_000;
    const parseStart = performance.now();
    const patients: { plan: MonitoringPlan; readings: Reading[] }[] = [];
    let observations = 0;
    for (const p of syntheticMonitoringCohort(PATIENTS, { seed: 7, endMs })) {
      const plan = parseMonitoringPlan(p.carePlan);
      if (!plan.ok) throw new Error(`cohort plan unreadable: ${plan.error}`);
      observations += p.observations.length;
      patients.push({
        plan: plan.plan,
        readings: readObservations(p.observations, { now, related: p.devices as never }),
      });
    }
    const parseMs = performance.now() - parseStart;
    let red = 0;
    const ours = (): Promise<number> => {
      const t0 = performance.now();
      const rows = triage(patients, { now });
      red = rows.filter((r) => r.category === 'red').length;
      return Promise.resolve(performance.now() - t0);
    };
    let hits = 0;
    const naive = (): Promise<number> => {
      const t0 = performance.now();
      hits = 0;
      for (const p of patients) {
        for (const r of p.readings) {
          const limit = r.metric ? NAIVE_LIMIT[r.metric] : undefined;
          const v = r.values.value ?? r.values.systolic;
          if (limit !== undefined && v?.kind === 'measured' && v.value > limit) hits++;
        }
      }
      return Promise.resolve(performance.now() - t0);
    };
    return sideBySide(ours, naive, 7, 2).then(({ ours: o, baseline: b }) => {
      console.log(
        `triage-1000: ${String(patients.length)} patients, ${String(observations)} readings (parsed once in ${parseMs.toFixed(0)} ms); ${String(red)} red; naive hits ${String(hits)}`,
      );
      return [
        {
          id: 'triage-1000',
          what: `triage of ${String(PATIENTS)} patients × 90 days (${String(observations)} readings, parsed), ms (median of 7): rules engine vs one fixed limit per metric`,
          ours: o,
          baseline: b,
          ratio: o / b,
          goal: 'ours < 500 ms',
          met: o < 500,
        },
      ];
    });
  },
};
