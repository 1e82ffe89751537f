/**
 * Vital-sign and lab series from Observations: one series per code, oldest → newest, blood
 * pressure as systolic/diastolic pairs from its components (LOINC 8480-6 / 8462-4), values and
 * units exactly as sent.
 * @see https://hl7.org/fhir/R4/observation-vitalsigns.html
 */
import type { CodeableConcept, Observation, ObservationComponent, Quantity } from 'fhir/r4';
import { formatCodeableConcept } from './codings';
import { fhirDateToEpoch } from './dates';
import { formatQuantity, quantityUnit } from './quantity';

export const LOINC = 'http://loinc.org';
export const SYSTOLIC = '8480-6';
export const DIASTOLIC = '8462-4';
/** Codes of Observations that carry a blood pressure in their components. */
export const BP_PANEL_CODES = ['85354-9', '55284-4', '35094-2', '96607-7'];
const SYSTOLIC_CODES = [SYSTOLIC, '96608-5'];
const DIASTOLIC_CODES = [DIASTOLIC, '96609-3'];

/**
 * The clinically relevant time of an Observation: `effectiveDateTime`, `effectiveInstant`,
 * `effectivePeriod.start` (else `.end`), else `issued` (when the result was released).
 */
export function observationDate(obs: Observation): string | undefined {
  return (
    obs.effectiveDateTime ??
    obs.effectiveInstant ??
    obs.effectivePeriod?.start ??
    obs.effectivePeriod?.end ??
    obs.issued
  );
}

/** Series key of a concept: the first LOINC code, else the first `system|code`, else its text. */
export function conceptKey(concept: CodeableConcept | undefined): string {
  const codings = concept?.coding ?? [];
  const loinc = codings.find((c) => c.system === LOINC && c.code);
  if (loinc?.code) return `${LOINC}|${loinc.code}`;
  const first = codings.find((c) => c.code);
  if (first?.code) return `${first.system ?? ''}|${first.code}`;
  return `text|${concept?.text ?? ''}`;
}

function hasCode(concept: CodeableConcept | undefined, codes: readonly string[]): boolean {
  return (concept?.coding ?? []).some((c) => c.code !== undefined && codes.includes(c.code));
}

function component(obs: Observation, codes: readonly string[]): ObservationComponent | undefined {
  return obs.component?.find((c) => hasCode(c.code, codes));
}

/** Systolic and diastolic quantities when the Observation carries a blood pressure. */
export function bloodPressure(
  obs: Observation,
): { systolic?: Quantity; diastolic?: Quantity } | undefined {
  const sys = component(obs, SYSTOLIC_CODES)?.valueQuantity;
  const dia = component(obs, DIASTOLIC_CODES)?.valueQuantity;
  if (!sys && !dia && !hasCode(obs.code, BP_PANEL_CODES)) return undefined;
  if (!sys && !dia) return {};
  return { ...(sys ? { systolic: sys } : {}), ...(dia ? { diastolic: dia } : {}) };
}

type ValueCarrier = Pick<
  Observation,
  | 'valueQuantity'
  | 'valueCodeableConcept'
  | 'valueString'
  | 'valueBoolean'
  | 'valueInteger'
  | 'valueRange'
  | 'valueRatio'
  | 'valueSampledData'
  | 'valueTime'
  | 'valueDateTime'
  | 'valuePeriod'
  | 'dataAbsentReason'
>;

/** Text of any `value[x]` as sent; '' when there is none. SampledData is summarised, not drawn. */
export function formatValue(v: ValueCarrier): string {
  if (v.valueQuantity) return formatQuantity(v.valueQuantity);
  if (v.valueCodeableConcept) return formatCodeableConcept(v.valueCodeableConcept);
  if (v.valueString !== undefined) return v.valueString;
  if (v.valueBoolean !== undefined) return String(v.valueBoolean);
  if (v.valueInteger !== undefined) return String(v.valueInteger);
  if (v.valueRange) {
    const low = formatQuantity(v.valueRange.low);
    const high = formatQuantity(v.valueRange.high);
    return `${low}–${high}`;
  }
  if (v.valueRatio) {
    return `${formatQuantity(v.valueRatio.numerator)} / ${formatQuantity(v.valueRatio.denominator)}`;
  }
  if (v.valueSampledData) return `SampledData (${v.valueSampledData.dimensions} dim)`;
  if (v.valueTime !== undefined) return v.valueTime;
  if (v.valueDateTime !== undefined) return v.valueDateTime;
  if (v.valuePeriod) return `${v.valuePeriod.start ?? ''}–${v.valuePeriod.end ?? ''}`;
  if (v.dataAbsentReason) return formatCodeableConcept(v.dataAbsentReason);
  return '';
}

/** One reading of a series. */
export interface ObservationPoint {
  observation: Observation;
  /** The date string as sent (see {@link observationDate}). */
  date: string | undefined;
  epoch: number | undefined;
  /** Numeric value for charts (systolic for blood pressure); undefined when not numeric. */
  value: number | undefined;
  /** Diastolic value, for blood pressure only. */
  value2?: number | undefined;
  unit: string;
  /** Display text with unit as sent, e.g. "120/80 mm[Hg]" or "Positive". */
  text: string;
}

export interface ObservationSeries {
  key: string;
  code: CodeableConcept;
  label: string;
  kind: 'blood-pressure' | 'numeric' | 'other';
  /** `Observation.category` codes, e.g. `vital-signs`, `laboratory`. */
  categories: string[];
  /** Oldest first; undated readings last. */
  points: ObservationPoint[];
  latest: ObservationPoint;
}

function bpText(bp: { systolic?: Quantity; diastolic?: Quantity }): string {
  const s = bp.systolic?.value;
  const d = bp.diastolic?.value;
  const unit = quantityUnit(bp.systolic) || quantityUnit(bp.diastolic);
  const pair = `${s === undefined ? '?' : String(s)}/${d === undefined ? '?' : String(d)}`;
  return unit ? `${pair} ${unit}` : pair;
}

function componentsText(obs: Observation): string {
  return (obs.component ?? [])
    .map((c) => `${formatCodeableConcept(c.code)}: ${formatValue(c)}`)
    .join('; ');
}

/** A display point for one Observation. */
export function toPoint(obs: Observation): ObservationPoint {
  const date = observationDate(obs);
  const base = { observation: obs, date, epoch: fhirDateToEpoch(date) };
  const bp = bloodPressure(obs);
  if (bp && (bp.systolic || bp.diastolic)) {
    return {
      ...base,
      value: bp.systolic?.value,
      value2: bp.diastolic?.value,
      unit: quantityUnit(bp.systolic) || quantityUnit(bp.diastolic),
      text: bpText(bp),
    };
  }
  const own = formatValue(obs);
  const text = own || componentsText(obs);
  return {
    ...base,
    value: obs.valueQuantity?.value ?? obs.valueInteger,
    unit: quantityUnit(obs.valueQuantity),
    text,
  };
}

function categoriesOf(obs: Observation): string[] {
  return (obs.category ?? []).flatMap((c) =>
    (c.coding ?? []).map((x) => x.code).filter((x): x is string => x !== undefined && x !== ''),
  );
}

function byDate(a: ObservationPoint, b: ObservationPoint): number {
  if (a.epoch === undefined) return b.epoch === undefined ? 0 : 1;
  if (b.epoch === undefined) return -1;
  return a.epoch - b.epoch;
}

/**
 * Groups Observations into series by code (entered-in-error and cancelled ones are left out).
 * A series is `blood-pressure` when its readings carry systolic/diastolic components,
 * `numeric` when every dated reading has a number, else `other`.
 */
export function extractSeries(observations: readonly Observation[]): ObservationSeries[] {
  const groups = new Map<string, Observation[]>();
  for (const obs of observations) {
    if (obs.status === 'entered-in-error' || obs.status === 'cancelled') continue;
    const key = conceptKey(obs.code);
    const list = groups.get(key);
    if (list) list.push(obs);
    else groups.set(key, [obs]);
  }
  const series: ObservationSeries[] = [];
  for (const [key, list] of groups) {
    const points = list.map(toPoint).sort(byDate);
    const first = list[0];
    const latest =
      [...points].reverse().find((p) => p.epoch !== undefined) ?? points[points.length - 1];
    if (!first || !latest) continue;
    const isBp =
      points.some((p) => p.value2 !== undefined) ||
      list.some((o) => bloodPressure(o) !== undefined);
    const numeric = points.every((p) => p.value !== undefined);
    series.push({
      key,
      code: first.code,
      label: formatCodeableConcept(first.code) || key,
      kind: isBp ? 'blood-pressure' : numeric ? 'numeric' : 'other',
      categories: [...new Set(list.flatMap(categoriesOf))],
      points,
      latest,
    });
  }
  return series.sort((a, b) => a.label.localeCompare(b.label));
}

/** The latest reading per code, newest first: what a summary's "latest vitals" shows. */
export function latestPerCode(
  observations: readonly Observation[],
  category?: string,
): ObservationPoint[] {
  return extractSeries(observations)
    .filter((s) => category === undefined || s.categories.includes(category))
    .map((s) => s.latest)
    .sort((a, b) => byDate(b, a));
}
