/**
 * The codes of remote monitoring, exactly as /work/notes/monitoring-contract.md fixes them:
 * one entry per metric key with its LOINC code(s), the IEEE 11073 MDC code a device gateway
 * adds, and the UCUM units accepted. Kept apart from codes.ts because these are a contract
 * shared with the monitoring panel, not a clinic's charting vocabulary.
 * @see https://hl7.org/fhir/R4/observation-vitalsigns.html
 * @see https://build.fhir.org/ig/HL7/phd/ (IEEE 11073 MDC codes on device Observations)
 */
import type { Concept } from './codes';

/** IEEE 11073-10101 nomenclature (MDC). */
export const MDC = 'urn:iso:std:iso:11073:10101';
/** The project's CodeSystem for the remote-monitoring CarePlan category. */
export const CARE_PLAN_CATEGORY =
  'http://clinician-workstation.example/fhir/CodeSystem/care-plan-category';
export const REMOTE_MONITORING = { code: 'remote-monitoring', display: 'Remote monitoring' };
/** The complex extension on `CarePlan.activity.detail` that carries one alarm threshold. */
export const THRESHOLD_URL =
  'http://clinician-workstation.example/fhir/StructureDefinition/monitoring-threshold';

export type MetricKey =
  'blood-pressure' | 'weight' | 'spo2' | 'heart-rate' | 'glucose' | 'cgm-glucose';

export const METRIC_KEYS: readonly MetricKey[] = [
  'blood-pressure',
  'weight',
  'spo2',
  'heart-rate',
  'glucose',
  'cgm-glucose',
];

export interface MetricDef {
  key: MetricKey;
  /** Short human label, used as `Observation.code.text`. */
  label: string;
  /** LOINC codings per UCUM unit (glucose has a mass and a molar code); `*` = any unit. */
  loinc: Readonly<Record<string, readonly Concept[]>>;
  /** MDC code of the measurement when a device sent it (absent for CGM, see the contract). */
  mdc?: Concept;
  /** UCUM codes accepted; the first is what our own devices send. */
  units: readonly string[];
  /** What the CarePlan activity names (its `detail.code`). */
  planCode: Concept;
}

export const BP_SYSTOLIC = { code: '8480-6', display: 'Systolic blood pressure' };
export const BP_DIASTOLIC = { code: '8462-4', display: 'Diastolic blood pressure' };
export const MDC_SYSTOLIC = { code: '150021', display: 'MDC_PRESS_BLD_NONINV_SYS' };
export const MDC_DIASTOLIC = { code: '150022', display: 'MDC_PRESS_BLD_NONINV_DIA' };
/**
 * Pulse rate as a pulse oximeter reports it (PHD IG `numeric-spotnumeric` example). The
 * contract lists 149546 (from a cuff) and 147842 (ECG); LOINC 8867-4 is always present too.
 */
export const MDC_PULSE_OXIMETER_RATE = { code: '149530', display: 'MDC_PULS_OXIM_PULS_RATE' };

const BP_PANEL = { code: '85354-9', display: 'Blood pressure panel with all children optional' };
const WEIGHT = { code: '29463-7', display: 'Body weight' };
const SPO2 = {
  code: '59408-5',
  display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
};
const SPO2_ARTERIAL = { code: '2708-6', display: 'Oxygen saturation in Arterial blood' };
const HEART_RATE = { code: '8867-4', display: 'Heart rate' };
const GLUCOSE_METER_MASS = {
  code: '41653-7',
  display: 'Glucose [Mass/volume] in Capillary blood by Glucometer',
};
const GLUCOSE_METER_MOLAR = {
  code: '14743-9',
  display: 'Glucose [Moles/volume] in Capillary blood by Glucometer',
};
const CGM_GLUCOSE = { code: '99504-3', display: 'Glucose [Mass/volume] in Interstitial fluid' };

export const METRICS: Readonly<Record<MetricKey, MetricDef>> = {
  'blood-pressure': {
    key: 'blood-pressure',
    label: 'Blood pressure',
    loinc: { '*': [BP_PANEL] },
    mdc: { code: '150020', display: 'MDC_PRESS_BLD_NONINV' },
    units: ['mm[Hg]'],
    planCode: BP_PANEL,
  },
  weight: {
    key: 'weight',
    label: 'Body weight',
    loinc: { '*': [WEIGHT] },
    mdc: { code: '188736', display: 'MDC_MASS_BODY_ACTUAL' },
    units: ['kg', '[lb_av]', 'g'],
    planCode: WEIGHT,
  },
  spo2: {
    key: 'spo2',
    label: 'Oxygen saturation (pulse oximetry)',
    loinc: { '*': [SPO2, SPO2_ARTERIAL] },
    mdc: { code: '150456', display: 'MDC_PULS_OXIM_SAT_O2' },
    units: ['%'],
    planCode: SPO2,
  },
  'heart-rate': {
    key: 'heart-rate',
    label: 'Heart rate',
    loinc: { '*': [HEART_RATE] },
    mdc: { code: '149546', display: 'MDC_PULS_RATE_NON_INV' },
    units: ['/min'],
    planCode: HEART_RATE,
  },
  glucose: {
    key: 'glucose',
    label: 'Blood glucose (meter)',
    loinc: { 'mg/dL': [GLUCOSE_METER_MASS], 'mmol/L': [GLUCOSE_METER_MOLAR] },
    mdc: { code: '160368', display: 'MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD' },
    units: ['mg/dL', 'mmol/L'],
    planCode: GLUCOSE_METER_MASS,
  },
  'cgm-glucose': {
    // The contract keeps 99504-3 for mmol/L too (LOINC's molar code would be 14745-4).
    key: 'cgm-glucose',
    label: 'Glucose (CGM sensor)',
    loinc: { '*': [CGM_GLUCOSE] },
    units: ['mg/dL', 'mmol/L'],
    planCode: CGM_GLUCOSE,
  },
};

/** The LOINC codings for a metric reading in `unit`. */
export function loincFor(metric: MetricKey, unit: string): readonly Concept[] {
  const def = METRICS[metric];
  const codes = def.loinc[unit] ?? def.loinc['*'];
  if (!codes) throw new Error(`No LOINC code for ${metric} in ${unit}`);
  return codes;
}

/** The metric a LOINC code stands for (any of the codes above), or undefined. */
export function metricOfLoinc(code: string): MetricKey | undefined {
  for (const def of Object.values(METRICS)) {
    for (const codes of Object.values(def.loinc)) {
      if (codes.some((c) => c.code === code)) return def.key;
    }
  }
  return undefined;
}

/** Display text of a UCUM code, as devices put it in `Quantity.unit`. */
export const UNIT_DISPLAY: Readonly<Record<string, string>> = {
  'mm[Hg]': 'mmHg',
  '[lb_av]': 'lb',
};

/** 1 [lb_av] = 0.45359237 kg (exact, by definition of the avoirdupois pound). */
export const KG_PER_LB = 0.45359237;
/** Glucose: mmol/L = mg/dL ÷ 18.016 (molar mass of glucose 180.16 g/mol). */
export const MGDL_PER_MMOLL = 18.016;

/** Personal health device kinds: MDC specialization codes (IEEE 11073-10101, partition 8). */
export const DEVICE_KINDS = {
  bpCuff: { code: '528391', display: 'MDC_DEV_SPEC_PROFILE_BP', text: 'Blood pressure monitor' },
  scale: { code: '528399', display: 'MDC_DEV_SPEC_PROFILE_SCALE', text: 'Weighing scale' },
  pulseOximeter: {
    code: '528388',
    display: 'MDC_DEV_SPEC_PROFILE_PULS_OXIM',
    text: 'Pulse oximeter',
  },
  glucoseMeter: { code: '528401', display: 'MDC_DEV_SPEC_PROFILE_GLUCOSE', text: 'Glucose meter' },
  cgm: { code: '528409', display: 'MDC_DEV_SPEC_PROFILE_CGM', text: 'Continuous glucose monitor' },
} as const;

export type DeviceKind = keyof typeof DEVICE_KINDS;

/** Which device kinds measure a metric (a cuff and an oximeter both report a pulse rate). */
export const DEVICE_KINDS_FOR: Readonly<Record<MetricKey, readonly DeviceKind[]>> = {
  'blood-pressure': ['bpCuff'],
  weight: ['scale'],
  spo2: ['pulseOximeter'],
  'heart-rate': ['bpCuff', 'pulseOximeter'],
  glucose: ['glucoseMeter'],
  'cgm-glucose': ['cgm'],
};

/** Type 1 diabetes and its insulins, for the CGM patient (codes.ts stays the clinic's list). */
export const DIABETES_TYPE_1 = { code: '46635009', display: 'Diabetes mellitus type 1' };
export const HYPOGLYCEMIA = { code: '302866003', display: 'Hypoglycemia' };
