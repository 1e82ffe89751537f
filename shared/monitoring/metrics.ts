/**
 * The catalogue of remote-monitoring metrics: which codes identify a reading, its canonical
 * unit, which units are accepted, and what range is physically plausible. Labels live in the
 * renderer's locale files (keys in {@link MetricDefinition.i18nKey}); this file is data only.
 * Codes are those agreed in the monitoring contract (LOINC vital signs and glucose, IEEE 11073
 * MDC device codes).
 * @see https://hl7.org/fhir/R4/observation-vitalsigns.html
 * @see https://hl7.org/fhir/uv/phd/ (Personal Health Device IG, MDC codes)
 */
import type { UcumUnit } from './units';

export const LOINC_SYSTEM = 'http://loinc.org';
export const MDC_SYSTEM = 'urn:iso:std:iso:11073:10101';

export const METRIC_KEYS = [
  'blood-pressure',
  'weight',
  'spo2',
  'heart-rate',
  'glucose',
  'cgm-glucose',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/**
 * Where a number sits in a reading: `value` for single-valued metrics, `systolic`/`diastolic`
 * for blood pressure (its components).
 */
export type ValueSlot = 'value' | 'systolic' | 'diastolic';
export type BpComponent = 'systolic' | 'diastolic';

/** Inclusive bounds in the metric's canonical unit. */
export interface PlausibleRange {
  low: number;
  high: number;
}

export interface MetricDefinition {
  key: MetricKey;
  /** LOINC codes of a single reading. */
  loinc: readonly string[];
  /** LOINC codes of a summary over a period (a mean of several readings). */
  summaryLoinc: readonly string[];
  /** IEEE 11073 MDC codes (urn:iso:std:iso:11073:10101). */
  mdc: readonly string[];
  /** The LOINC code written into a new CarePlan activity for this metric. */
  planCode: string;
  canonicalUnit: UcumUnit;
  /** Units accepted on readings and thresholds; anything else is flagged. */
  units: readonly UcumUnit[];
  /** The value slots a reading of this metric carries. */
  slots: readonly ValueSlot[];
  /**
   * What a working device can physically report. Values outside are flagged implausible and
   * kept out of the rules (a meter's "1001 mg/dL" is a device error, not a glucose level).
   * The ranges are generous on purpose: an extreme but real value must still alert.
   */
  plausible: Readonly<Partial<Record<ValueSlot, PlausibleRange>>>;
  /** i18n key of the metric's name in the renderer's `monitoring` namespace. */
  i18nKey: string;
}

/** Codes of the blood-pressure components; the mean-of-period codes sit beside the single ones. */
export const BP_COMPONENT_CODES: Readonly<
  Record<BpComponent, { loinc: readonly string[]; mdc: readonly string[] }>
> = {
  systolic: { loinc: ['8480-6', '96608-5'], mdc: ['150021'] },
  diastolic: { loinc: ['8462-4', '96609-3'], mdc: ['150022'] },
};

/** The LOINC code a threshold names for a BP component (contract: `component` valueCode). */
export const BP_COMPONENT_LOINC: Readonly<Record<BpComponent, string>> = {
  systolic: '8480-6',
  diastolic: '8462-4',
};

export const METRICS: Readonly<Record<MetricKey, MetricDefinition>> = {
  'blood-pressure': {
    key: 'blood-pressure',
    // 55284-4 and 35094-2 are older panel codes still sent by patient apps (MHV fixture).
    loinc: ['85354-9', '55284-4', '35094-2'],
    summaryLoinc: ['96607-7'],
    mdc: ['150020'],
    planCode: '85354-9',
    canonicalUnit: 'mm[Hg]',
    units: ['mm[Hg]'],
    slots: ['systolic', 'diastolic'],
    plausible: { systolic: { low: 40, high: 300 }, diastolic: { low: 10, high: 250 } },
    i18nKey: 'metric.bloodPressure',
  },
  weight: {
    key: 'weight',
    loinc: ['29463-7'],
    summaryLoinc: [],
    mdc: ['188736'],
    planCode: '29463-7',
    canonicalUnit: 'kg',
    units: ['kg', '[lb_av]', 'g'],
    slots: ['value'],
    plausible: { value: { low: 0.2, high: 650 } },
    i18nKey: 'metric.weight',
  },
  spo2: {
    key: 'spo2',
    loinc: ['59408-5', '2708-6'],
    summaryLoinc: [],
    mdc: ['150456'],
    planCode: '59408-5',
    canonicalUnit: '%',
    units: ['%'],
    slots: ['value'],
    plausible: { value: { low: 30, high: 100 } },
    i18nKey: 'metric.spo2',
  },
  'heart-rate': {
    key: 'heart-rate',
    loinc: ['8867-4'],
    summaryLoinc: [],
    // 149530 (MDC_PULS_OXIM_PULS_RATE) is the pulse rate a pulse oximeter reports; the PHD IG
    // codes it beside LOINC 8867-4 (fixtures phd_numeric-spotnumeric, phd_bundle-example-1).
    mdc: ['149546', '147842', '149530'],
    planCode: '8867-4',
    canonicalUnit: '/min',
    units: ['/min'],
    slots: ['value'],
    plausible: { value: { low: 20, high: 300 } },
    i18nKey: 'metric.heartRate',
  },
  glucose: {
    key: 'glucose',
    loinc: ['2339-0', '41653-7', '14743-9', '15074-8'],
    summaryLoinc: [],
    mdc: ['160368'],
    planCode: '2339-0',
    canonicalUnit: 'mg/dL',
    units: ['mg/dL', 'mmol/L'],
    slots: ['value'],
    plausible: { value: { low: 10, high: 1000 } },
    i18nKey: 'metric.glucose',
  },
  'cgm-glucose': {
    key: 'cgm-glucose',
    loinc: ['99504-3'],
    summaryLoinc: [],
    mdc: [],
    planCode: '99504-3',
    canonicalUnit: 'mg/dL',
    units: ['mg/dL', 'mmol/L'],
    slots: ['value'],
    // Sensors report 40–400 (some 500) mg/dL; beyond 20–600 no sensor can be right.
    plausible: { value: { low: 20, high: 600 } },
    i18nKey: 'metric.cgmGlucose',
  },
};

export function isMetricKey(value: string): value is MetricKey {
  return (METRIC_KEYS as readonly string[]).includes(value);
}

interface CodingLike {
  system?: string | undefined;
  code?: string | undefined;
}
interface ConceptLike {
  coding?: readonly CodingLike[] | undefined;
}

/** `metric` of a code and whether it is a summary (mean over a period) code. */
export interface MetricMatch {
  metric: MetricKey;
  summary: boolean;
}

/** Lookup `system|code` → match, built once. */
const BY_CODE: ReadonlyMap<string, MetricMatch> = (() => {
  const map = new Map<string, MetricMatch>();
  for (const def of Object.values(METRICS)) {
    for (const c of def.loinc) map.set(`${LOINC_SYSTEM}|${c}`, { metric: def.key, summary: false });
    for (const c of def.summaryLoinc)
      map.set(`${LOINC_SYSTEM}|${c}`, { metric: def.key, summary: true });
    for (const c of def.mdc) map.set(`${MDC_SYSTEM}|${c}`, { metric: def.key, summary: false });
  }
  return map;
})();

/**
 * The metric a concept's codings name. `ambiguous` when they name two different metrics (or
 * both a single reading and a summary): such a reading is flagged rather than guessed.
 */
export function metricOfConcept(
  concept: ConceptLike | undefined,
): { match: MetricMatch } | { ambiguous: MetricKey[] } | undefined {
  const found: MetricMatch[] = [];
  for (const c of concept?.coding ?? []) {
    const m = BY_CODE.get(`${c.system ?? ''}|${c.code ?? ''}`);
    if (m && !found.some((f) => f.metric === m.metric && f.summary === m.summary)) found.push(m);
  }
  const [first] = found;
  if (!first) return undefined;
  if (found.length > 1) return { ambiguous: [...new Set(found.map((f) => f.metric))] };
  return { match: first };
}

/** Which blood-pressure component a component's code names, if any. */
export function bpComponentOf(concept: ConceptLike | undefined): BpComponent | undefined {
  for (const c of concept?.coding ?? []) {
    if (!c.code) continue;
    for (const key of ['systolic', 'diastolic'] as const) {
      const codes = BP_COMPONENT_CODES[key];
      if (c.system === LOINC_SYSTEM && codes.loinc.includes(c.code)) return key;
      if (c.system === MDC_SYSTEM && codes.mdc.includes(c.code)) return key;
    }
  }
  return undefined;
}

/** True when a canonical value is inside the metric's plausible range for that slot. */
export function isPlausible(metric: MetricKey, slot: ValueSlot, canonical: number): boolean {
  const range = METRICS[metric].plausible[slot];
  return range === undefined || (canonical >= range.low && canonical <= range.high);
}
