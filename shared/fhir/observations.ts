/**
 * Vital-sign and lab series from Observations: one series per code *and unit* (weight in kg and
 * in [lb_av] are two series, never one line), oldest → newest, blood pressure as
 * systolic/diastolic pairs from its components (LOINC 8480-6 / 8462-4), values and units exactly
 * as sent. A value with a comparator ("< 5") is not a measurement of 5: it keeps its text but
 * has no plottable `value`.
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

/**
 * Text of any `value[x]` as sent; '' when there is none. SampledData gives '' too: it has no
 * text of its own, the view shows a translated summary from {@link ObservationPoint.sampledData}.
 */
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
  if (v.valueSampledData) return '';
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
  /**
   * Numeric value for charts (systolic for blood pressure); undefined when not numeric or when
   * the value carries a comparator (then see {@link comparator}).
   */
  value: number | undefined;
  /** Diastolic value, for blood pressure only. */
  value2?: number | undefined;
  /** `<`, `<=`, `>=` or `>` when the value is censored: shown in the text, never plotted. */
  comparator?: string;
  /** The unit as sent, for display. */
  unit: string;
  /** What identifies the unit for grouping: the UCUM code when given, else the unit text. */
  unitKey: string;
  /** Set for a `valueSampledData` reading, whose `text` is ''. */
  sampledData?: { dimensions: number };
  /** Display text with unit as sent, e.g. "120/80 mm[Hg]" or "Positive". */
  text: string;
}

export interface ObservationSeries {
  /** Code key plus unit key: unique per series. */
  key: string;
  /** {@link conceptKey} of the code, shared by the series of one code in different units. */
  codeKey: string;
  code: CodeableConcept;
  /** Unit of the series as sent ('' for unitless values). */
  unit: string;
  label: string;
  kind: 'blood-pressure' | 'numeric' | 'other';
  /** `Observation.category` codes, e.g. `vital-signs`, `laboratory`. */
  categories: string[];
  /** Oldest first; undated readings last. */
  points: ObservationPoint[];
  latest: ObservationPoint;
  /** Units (as sent) of the other series with the same code, e.g. `[lb_av]` beside `kg`. */
  otherUnits: string[];
}

const UCUM = 'http://unitsofmeasure.org';

/** Grouping key of a quantity's unit: `ucum:<code>` when coded in UCUM, else the unit as sent. */
export function unitKey(q: Quantity | undefined): string {
  if (q?.system === UCUM && q.code) return `ucum:${q.code}`;
  return quantityUnit(q);
}

function bpText(bp: { systolic?: Quantity; diastolic?: Quantity }): string {
  const part = (q: Quantity | undefined): string =>
    q?.value === undefined ? '?' : `${q.comparator ?? ''}${String(q.value)}`;
  const unit = quantityUnit(bp.systolic) || quantityUnit(bp.diastolic);
  const pair = `${part(bp.systolic)}/${part(bp.diastolic)}`;
  return unit ? `${pair} ${unit}` : pair;
}

function componentsText(obs: Observation): string {
  return (obs.component ?? [])
    .map((c) => ({ name: formatCodeableConcept(c.code), value: formatValue(c) }))
    .filter((c) => c.value !== '')
    .map((c) => `${c.name}: ${c.value}`)
    .join('; ');
}

/** A display point for one Observation. */
export function toPoint(obs: Observation): ObservationPoint {
  const date = observationDate(obs);
  const base = { observation: obs, date, epoch: fhirDateToEpoch(date) };
  const bp = bloodPressure(obs);
  if (bp && (bp.systolic || bp.diastolic)) {
    const comparator = bp.systolic?.comparator ?? bp.diastolic?.comparator;
    return {
      ...base,
      value: comparator ? undefined : bp.systolic?.value,
      value2: comparator ? undefined : bp.diastolic?.value,
      ...(comparator ? { comparator } : {}),
      unit: quantityUnit(bp.systolic) || quantityUnit(bp.diastolic),
      unitKey: unitKey(bp.systolic ?? bp.diastolic),
      text: bpText(bp),
    };
  }
  const q = obs.valueQuantity;
  const own = formatValue(obs);
  const sampled = obs.valueSampledData;
  return {
    ...base,
    value: q?.comparator ? undefined : (q?.value ?? obs.valueInteger),
    ...(q?.comparator && q.value !== undefined ? { comparator: q.comparator } : {}),
    unit: quantityUnit(q),
    unitKey: unitKey(q),
    ...(sampled ? { sampledData: { dimensions: sampled.dimensions } } : {}),
    text: own || (sampled ? '' : componentsText(obs)),
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
 * Groups Observations into series by code and unit (entered-in-error and cancelled ones are
 * left out), so one chart never mixes units. A series is `blood-pressure` when its readings
 * carry systolic/diastolic components, `numeric` when every reading has a number or a censored
 * (comparator) number and at least one is plottable, else `other`.
 */
export function extractSeries(observations: readonly Observation[]): ObservationSeries[] {
  const groups = new Map<string, { codeKey: string; points: ObservationPoint[] }>();
  for (const obs of observations) {
    if (obs.status === 'entered-in-error' || obs.status === 'cancelled') continue;
    const codeKey = conceptKey(obs.code);
    const point = toPoint(obs);
    const key = `${codeKey}|unit:${point.unitKey}`;
    const group = groups.get(key);
    if (group) group.points.push(point);
    else groups.set(key, { codeKey, points: [point] });
  }
  const unitsByCode = new Map<string, string[]>();
  const series: ObservationSeries[] = [];
  for (const [key, group] of groups) {
    const points = group.points.sort(byDate);
    const first = points[0]?.observation;
    const latest =
      [...points].reverse().find((p) => p.epoch !== undefined) ?? points[points.length - 1];
    if (!first || !latest) continue;
    const isBp =
      points.some((p) => p.value2 !== undefined) ||
      points.some((p) => bloodPressure(p.observation) !== undefined);
    const numeric =
      points.every((p) => p.value !== undefined || p.comparator !== undefined) &&
      points.some((p) => p.value !== undefined);
    const unit = latest.unit || points.find((p) => p.unit)?.unit || '';
    const units = unitsByCode.get(group.codeKey) ?? [];
    units.push(unit);
    unitsByCode.set(group.codeKey, units);
    series.push({
      key,
      codeKey: group.codeKey,
      code: first.code,
      unit,
      label: formatCodeableConcept(first.code) || group.codeKey,
      kind: isBp ? 'blood-pressure' : numeric ? 'numeric' : 'other',
      categories: [...new Set(points.flatMap((p) => categoriesOf(p.observation)))],
      points,
      latest,
      otherUnits: [],
    });
  }
  for (const s of series) {
    s.otherUnits = (unitsByCode.get(s.codeKey) ?? []).filter((u) => u !== s.unit && u !== '');
  }
  return series.sort((a, b) => a.label.localeCompare(b.label) || a.unit.localeCompare(b.unit));
}

/**
 * The latest reading per code (whatever its unit), newest first: what a summary's "latest
 * vitals" shows.
 */
export function latestPerCode(
  observations: readonly Observation[],
  category?: string,
): ObservationPoint[] {
  const latest = new Map<string, ObservationPoint>();
  for (const s of extractSeries(observations)) {
    if (category !== undefined && !s.categories.includes(category)) continue;
    const seen = latest.get(s.codeKey);
    if (!seen || byDate(s.latest, seen) > 0) latest.set(s.codeKey, s.latest);
  }
  return [...latest.values()].sort((a, b) => byDate(b, a));
}
