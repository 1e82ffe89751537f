/**
 * DEMO_PATIENTS: what tests and demos may rely on, computed from the generated data (never
 * typed twice). Values are formatted the way a chart shows them ("142 mmHg").
 */
import type { IncomingResource } from '../fhir/types';
import { isRecord } from '../fhir/types';
import { patientIdOf } from '../fhir/references';
import { clinicalDate } from '../fhir/search-params';
import type { GeneratedResource } from './builder';
import { BP, LABS, VITALS } from './codes';
import { PATIENT_DEFS } from './generate';
import { metricOfLoinc } from './monitoring-codes';

export interface DemoPatient {
  id: string;
  /** Display name, "Given Family". */
  name: string;
  birthDate: string;
  gender: string;
  story: string;
  /**
   * Facts to assert in the UI. Keys present only where they apply: `mrn`, `condition`
   * (an active condition's display), `medication` (an active medication's text), `allergy`,
   * `allergyCriticality`, `noKnownAllergies`, `latestSystolic`, `latestDiastolic`,
   * `latestWeight`, `latestHbA1c`, `latestSpO2`, `immunization`, `imagingModality`,
   * `imagingBodySite`, `imagingSeries`, `imagingInstances`, `document`, `deceasedDateTime`,
   * `language`, `nationalId`, `resourceCount`, `observationCount`; for patients enrolled in
   * remote monitoring `monitoringPlan` (the CarePlan id), `monitoringMetrics` (metric keys,
   * comma-separated, in plan order) and `homeReadingCount` (Observations performed by the
   * patient).
   */
  knownValues: Readonly<Record<string, string>>;
}

const text = (v: unknown): string | undefined =>
  isRecord(v) && typeof v.text === 'string' ? v.text : undefined;
const qty = (v: unknown): string | undefined =>
  isRecord(v) && typeof v.value === 'number' && typeof v.unit === 'string'
    ? `${v.value} ${v.unit}`
    : undefined;
/** Any coding of `code` (home SpO2 carries 59408-5 first, then 2708-6). */
const hasCode = (r: IncomingResource, wanted: string): boolean => {
  const c = r.code;
  return (
    isRecord(c) && Array.isArray(c.coding) && c.coding.some((x) => isRecord(x) && x.code === wanted)
  );
};
const isActive = (r: IncomingResource): boolean => {
  const cs = r.clinicalStatus;
  return (
    isRecord(cs) &&
    Array.isArray(cs.coding) &&
    isRecord(cs.coding[0]) &&
    cs.coding[0].code === 'active'
  );
};

function latest(resources: IncomingResource[], loinc: string): IncomingResource | undefined {
  let best: IncomingResource | undefined;
  for (const r of resources) {
    if (r.resourceType !== 'Observation' || !hasCode(r, loinc)) continue;
    if (!best || (clinicalDate(r) ?? '') > (clinicalDate(best) ?? '')) best = r;
  }
  return best;
}

/** Remote-monitoring facts: the enrollment CarePlan, its metrics, the patient's own readings. */
function monitoringValues(patientId: string, rs: IncomingResource[]): Record<string, string> {
  const plan = rs.find((r) => r.resourceType === 'CarePlan' && r.id === `rm-${patientId}`);
  if (!plan) return {};
  const metrics = (Array.isArray(plan.activity) ? (plan.activity as unknown[]) : []).flatMap(
    (a) => {
      const c = isRecord(a) && isRecord(a.detail) && isRecord(a.detail.code) ? a.detail.code : {};
      const first = Array.isArray(c.coding) ? (c.coding[0] as unknown) : undefined;
      const metric =
        isRecord(first) && typeof first.code === 'string' ? metricOfLoinc(first.code) : undefined;
      return metric === undefined ? [] : [metric];
    },
  );
  const self = `Patient/${patientId}`;
  const home = rs.filter(
    (r) =>
      r.resourceType === 'Observation' &&
      Array.isArray(r.performer) &&
      r.performer.some((p) => isRecord(p) && p.reference === self),
  ).length;
  return {
    monitoringPlan: plan.id ?? '',
    monitoringMetrics: metrics.join(','),
    homeReadingCount: String(home),
  };
}

export function buildManifest(dataset: readonly GeneratedResource[]): DemoPatient[] {
  const byPatient = new Map<string, IncomingResource[]>();
  for (const { resource } of dataset) {
    const pid = patientIdOf(resource);
    if (pid === undefined) continue;
    const list = byPatient.get(pid) ?? [];
    list.push(resource);
    byPatient.set(pid, list);
  }
  return PATIENT_DEFS.map((def) => {
    const rs = byPatient.get(def.id) ?? [];
    const patient = rs.find((r) => r.resourceType === 'Patient');
    const kv: Record<string, string> = {};
    const ids = Array.isArray(patient?.identifier)
      ? (patient.identifier as unknown[]).filter(isRecord)
      : [];
    const mrn = ids[0]?.value;
    if (typeof mrn === 'string') kv.mrn = mrn;
    const national = ids[1]?.value;
    if (typeof national === 'string') kv.nationalId = national;
    const condition = rs.find((r) => r.resourceType === 'Condition' && isActive(r));
    if (condition) kv.condition = text(condition.code) ?? '';
    const med = rs.find(
      (r) =>
        (r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement') &&
        r.status === 'active',
    );
    if (med) kv.medication = text(med.medicationCodeableConcept) ?? '';
    const allergies = rs.filter((r) => r.resourceType === 'AllergyIntolerance');
    const real = allergies.find((r) => typeof r.criticality === 'string');
    if (real) {
      kv.allergy = text(real.code) ?? '';
      kv.allergyCriticality = String(real.criticality);
    } else if (allergies.length > 0) {
      kv.noKnownAllergies = text(allergies[0]?.code) ?? '';
    }
    const bp = latest(rs, BP.panel.code);
    if (bp && Array.isArray(bp.component)) {
      const [sys, dia] = bp.component as unknown[];
      if (isRecord(sys)) kv.latestSystolic = qty(sys.valueQuantity) ?? '';
      if (isRecord(dia)) kv.latestDiastolic = qty(dia.valueQuantity) ?? '';
    }
    for (const [key, loinc] of [
      ['latestWeight', VITALS.weight.code],
      ['latestHbA1c', LABS.hba1c.code],
      ['latestSpO2', VITALS.spo2.code],
    ] as const) {
      const o = latest(rs, loinc);
      if (o) kv[key] = qty(o.valueQuantity) ?? '';
    }
    const imm = rs.find((r) => r.resourceType === 'Immunization');
    if (imm) kv.immunization = text(imm.vaccineCode) ?? '';
    const study = rs.find((r) => r.resourceType === 'ImagingStudy');
    if (study && Array.isArray(study.modality) && Array.isArray(study.series)) {
      const m = study.modality[0] as unknown;
      const s = study.series[0] as unknown;
      if (isRecord(m) && typeof m.code === 'string') kv.imagingModality = m.code;
      if (isRecord(s) && isRecord(s.bodySite) && typeof s.bodySite.display === 'string')
        kv.imagingBodySite = s.bodySite.display;
      kv.imagingSeries = String(study.numberOfSeries);
      kv.imagingInstances = String(study.numberOfInstances);
    }
    const doc = rs.find((r) => r.resourceType === 'DocumentReference');
    if (doc && typeof doc.description === 'string') kv.document = doc.description;
    if (typeof patient?.deceasedDateTime === 'string')
      kv.deceasedDateTime = patient.deceasedDateTime;
    const comm = Array.isArray(patient?.communication)
      ? (patient.communication[0] as unknown)
      : undefined;
    if (isRecord(comm)) kv.language = text(comm.language) ?? '';
    Object.assign(kv, monitoringValues(def.id, rs));
    kv.resourceCount = String(rs.length);
    kv.observationCount = String(rs.filter((r) => r.resourceType === 'Observation').length);
    return {
      id: def.id,
      name: `${def.given.join(' ')} ${def.family}`,
      birthDate: def.birthDate,
      gender: def.gender,
      story: def.story,
      knownValues: kv,
    };
  });
}
