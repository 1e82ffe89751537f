/**
 * DOM-test data: one monitored patient as the views get it from readMonitoringData (plan,
 * readings, triage row), built from the contract's test CarePlan and home Observations.
 */
import type { CarePlan, Observation } from 'fhir/r4';
import { parseMonitoringPlan } from '../../../../shared/monitoring/plan';
import { readObservation } from '../../../../shared/monitoring/readings';
import { heartFailurePlan, observation } from '../../../../shared/monitoring/test-data';
import { triagePatient, type TriageRow } from '../../../../shared/monitoring/triage';
import type { MonitoredPatient } from './monitoring-data';

export const NOW = Date.UTC(2026, 10, 1, 9);

/** Patient p1 on the heart-failure plan (version 1), with a red 192/114 BP reading an hour ago. */
export function monitoredPatient(carePlan: CarePlan = heartFailurePlan('p1', '2026-08-01')): {
  patient: MonitoredPatient;
  row: TriageRow;
} {
  const cp: CarePlan = { ...carePlan, meta: { versionId: '1' } };
  const parsed = parseMonitoringPlan(cp);
  if (!parsed.ok) throw new Error(parsed.error);
  const observations = [
    observation('bp-1', 'p1', '85354-9', new Date(NOW - 3_600_000).toISOString(), {
      sys: 192,
      dia: 114,
    }),
    observation('wt-1', 'p1', '29463-7', new Date(NOW - 7_200_000).toISOString(), {
      value: 81.2,
      unit: 'kg',
    }),
  ] as unknown as Observation[];
  const readings = observations.map((o) => readObservation(o, { now: NOW }));
  const patient: MonitoredPatient = {
    patientId: 'p1',
    patient: { resourceType: 'Patient', id: 'p1', name: [{ family: 'Muster', given: ['Eva'] }] },
    plan: parsed.plan,
    carePlan: cp,
    readings,
    observations: new Map(observations.map((o) => [o.id ?? '', o])),
    tasks: [],
    feedback: [],
    devices: [],
    fetchedAt: NOW,
  };
  return { patient, row: triagePatient({ plan: parsed.plan, readings }, { now: NOW }) };
}
