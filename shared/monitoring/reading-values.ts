/**
 * The numbers of a home reading, slot by slot: a single `value`, or blood pressure's
 * `systolic`/`diastolic` components. Each keeps the value and unit as sent, plus the value in
 * the metric's canonical unit when the unit is one the rules understand. A component that is
 * absent (`dataAbsentReason`, or not sent) stays visible with its reason instead of vanishing.
 * @see https://hl7.org/fhir/R4/observation.html#gr-comp (components)
 * @see https://hl7.org/fhir/R4/valueset-data-absent-reason.html
 */
import type { z } from 'zod';
import type { conceptSchema, quantitySchema } from './fhir-shapes';
import { METRICS, bpComponentOf, isPlausible, type MetricKey, type ValueSlot } from './metrics';
import { convertValue, recogniseUnit, type UcumUnit } from './units';

type Quantity = z.infer<typeof quantitySchema>;
type Concept = z.infer<typeof conceptSchema>;

/** A number that was sent. */
export interface Measurement {
  kind: 'measured';
  /** The number exactly as sent. */
  value: number;
  /** A censored value ("< 20"): the true value lies beyond `value`. */
  comparator?: '<' | '<=' | '>=' | '>';
  /** The unit as sent: `unit` text, else the code (what a clinician should read). */
  unitSent: string;
  /** The supported UCUM unit, when recognised and valid for the metric. */
  unit?: UcumUnit;
  /** `value` in the metric's canonical unit; undefined when the unit is not understood. */
  canonical?: number;
  /** False when `canonical` lies outside what a device can report (see `METRICS.plausible`). */
  plausible: boolean;
}

/** A value that is not there, with why (`dataAbsentReason` code or text, else `missing`). */
export interface AbsentValue {
  kind: 'absent';
  reason: string;
}

export type SlotValue = Measurement | AbsentValue;

/** Why part of a reading cannot be used; each is listed on the reading, none drops it. */
export type SlotFlag =
  | {
      kind: 'unrecognised-unit';
      slot: ValueSlot;
      sent: string;
      problem: 'missing' | 'not-ucum' | 'unsupported' | 'wrong-metric';
    }
  | { kind: 'no-value'; slot: ValueSlot; reason: string }
  | { kind: 'censored'; slot: ValueSlot; comparator: '<' | '<=' | '>=' | '>' }
  | { kind: 'implausible'; slot: ValueSlot; value: number; unitSent: string };

/** A slot value usable by the rules: a number in a known unit, physically plausible. */
export function usableMeasurement(
  v: SlotValue | undefined,
): v is Measurement & { canonical: number } {
  return v?.kind === 'measured' && v.canonical !== undefined && v.plausible;
}

function absentReason(concept: Concept | undefined): string {
  const coding = concept?.coding?.find((c) => c.code);
  return coding?.code ?? (concept?.text?.trim() || 'missing');
}

function measure(metric: MetricKey, slot: ValueSlot, q: Quantity, flags: SlotFlag[]): SlotValue {
  if (q.value === undefined) {
    flags.push({ kind: 'no-value', slot, reason: 'missing' });
    return { kind: 'absent', reason: 'missing' };
  }
  const def = METRICS[metric];
  const recognised = recogniseUnit(q);
  // Built by assignment, not by re-spreading a partial object: V8 (Node 20) clones spread
  // objects of this shape ~100× slower, which matters at hundreds of thousands of readings.
  const m: Measurement = { kind: 'measured', value: q.value, unitSent: '', plausible: true };
  if (q.comparator) m.comparator = q.comparator;
  if (!recognised.ok) {
    m.unitSent = recognised.sent;
    flags.push({
      kind: 'unrecognised-unit',
      slot,
      sent: recognised.sent,
      problem: recognised.problem,
    });
    return m;
  }
  m.unitSent = q.unit?.trim() || recognised.unit;
  if (!def.units.includes(recognised.unit)) {
    flags.push({ kind: 'unrecognised-unit', slot, sent: m.unitSent, problem: 'wrong-metric' });
    return m;
  }
  const canonical = convertValue(q.value, recognised.unit, def.canonicalUnit);
  if (canonical === undefined) return m;
  m.unit = recognised.unit;
  m.canonical = canonical;
  m.plausible = isPlausible(metric, slot, canonical);
  if (!m.plausible) flags.push({ kind: 'implausible', slot, value: q.value, unitSent: m.unitSent });
  if (q.comparator) flags.push({ kind: 'censored', slot, comparator: q.comparator });
  return m;
}

/** What `value[x]` / `component` carry, as far as the values are concerned. */
export interface ValueSource {
  valueQuantity?: Quantity | undefined;
  dataAbsentReason?: Concept | undefined;
  component?:
    | readonly {
        code: Concept;
        valueQuantity?: Quantity | undefined;
        dataAbsentReason?: Concept | undefined;
      }[]
    | undefined;
  /** Any other value[x] present (valueString, valueSampledData…): not a number for the rules. */
  otherValue: boolean;
}

/** Slot values of a reading of `metric`, pushing what is wrong with them into `flags`. */
export function readSlots(
  metric: MetricKey,
  src: ValueSource,
  flags: SlotFlag[],
): Partial<Record<ValueSlot, SlotValue>> {
  const values: Partial<Record<ValueSlot, SlotValue>> = {};
  if (metric === 'blood-pressure') {
    for (const slot of ['systolic', 'diastolic'] as const) {
      const comp = src.component?.find((c) => bpComponentOf(c.code) === slot);
      let value: SlotValue | undefined;
      if (comp?.valueQuantity) value = measure(metric, slot, comp.valueQuantity, flags);
      if (!value) {
        const reason = comp
          ? absentReason(comp.dataAbsentReason)
          : absentReason(src.dataAbsentReason);
        flags.push({ kind: 'no-value', slot, reason });
        value = { kind: 'absent', reason };
      }
      values[slot] = value;
    }
    return values;
  }
  if (src.valueQuantity) {
    values.value = measure(metric, 'value', src.valueQuantity, flags);
    return values;
  }
  const reason = src.dataAbsentReason
    ? absentReason(src.dataAbsentReason)
    : src.otherValue
      ? 'not-a-quantity'
      : 'missing';
  flags.push({ kind: 'no-value', slot: 'value', reason });
  values.value = { kind: 'absent', reason };
  return values;
}
