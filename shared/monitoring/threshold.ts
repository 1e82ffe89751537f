/**
 * One alarm threshold: the `monitoring-threshold` complex extension on a CarePlan activity's
 * detail (see /work/notes/monitoring-contract.md), read and written. Levels are red/yellow as in
 * the Danish telemedicine IG's alarm ranges; kinds are absolute (above/below) or relative
 * (rise/fall over a window, e.g. weight +2 kg in 3 days).
 * @see https://hl7.org/fhir/R4/extensibility.html#complex (complex extensions)
 */
import type { Extension, Reference } from 'fhir/r4';
import { parseFhirDate } from '../fhir/dates';
import type { ExtensionShape } from './fhir-shapes';
import { BP_COMPONENT_LOINC, METRICS, type BpComponent, type MetricKey } from './metrics';
import { UCUM_SYSTEM, areCompatible, recogniseUnit, type UcumUnit } from './units';

export const THRESHOLD_URL =
  'http://clinician-workstation.example/fhir/StructureDefinition/monitoring-threshold';

export const THRESHOLD_LEVELS = ['red', 'yellow'] as const;
export type ThresholdLevel = (typeof THRESHOLD_LEVELS)[number];
export const THRESHOLD_KINDS = ['above', 'below', 'rise', 'fall'] as const;
export type ThresholdKind = (typeof THRESHOLD_KINDS)[number];
/** UCUM time units accepted for a rise/fall window. */
export const WINDOW_UNITS = ['min', 'h', 'd', 'wk'] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number];

const MS_PER: Readonly<Record<WindowUnit, number>> = {
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  wk: 604_800_000,
};

export function windowToMs(window: { value: number; unit: WindowUnit }): number {
  return window.value * MS_PER[window.unit];
}

export interface Threshold {
  level: ThresholdLevel;
  kind: ThresholdKind;
  /** Blood pressure only: which component the limit is for (required there). */
  component?: BpComponent;
  /** The limit (above/below) or the change (rise/fall, positive), in `unit` as set. */
  value: number;
  unit: UcumUnit;
  /** rise/fall only: how far back the change is measured. */
  window?: { value: number; unit: WindowUnit };
  setBy?: Reference;
  /** dateTime as sent. */
  setAt?: string;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function oneOf<T extends string>(list: readonly T[], value: string | undefined): T | undefined {
  return list.find((x) => x === value);
}

/**
 * The threshold of one extension, or undefined when the extension is another one (kept
 * untouched by writers). A malformed threshold adds a message to `errors`.
 */
export function readThreshold(
  metric: MetricKey,
  ext: ExtensionShape,
  where: string,
  errors: string[],
): Threshold | undefined {
  if (ext.url !== THRESHOLD_URL) return undefined;
  const part = (url: string): ExtensionShape | undefined =>
    (ext.extension ?? []).find((e) => e.url === url);
  const fail = (msg: string): undefined => {
    errors.push(`${where} (${metric} threshold): ${msg}`);
    return undefined;
  };
  const level = oneOf(THRESHOLD_LEVELS, part('level')?.valueCode);
  if (!level) return fail('"level" must be red or yellow');
  const kind = oneOf(THRESHOLD_KINDS, part('kind')?.valueCode);
  if (!kind) return fail('"kind" must be one of above, below, rise, fall');
  const def = METRICS[metric];
  const componentCode = part('component')?.valueCode;
  let component: BpComponent | undefined;
  if (metric === 'blood-pressure') {
    component =
      componentCode === '8480-6'
        ? 'systolic'
        : componentCode === '8462-4'
          ? 'diastolic'
          : undefined;
    if (!component) return fail('"component" must be 8480-6 (systolic) or 8462-4 (diastolic)');
  } else if (componentCode !== undefined) {
    return fail('"component" applies to blood pressure only');
  }
  const q = part('value')?.valueQuantity;
  if (q?.value === undefined) return fail('"value" needs a valueQuantity with a value');
  const unit = recogniseUnit(q);
  if (!unit.ok) return fail(`unit "${unit.sent}" is not a supported UCUM unit`);
  if (!areCompatible(unit.unit, def.canonicalUnit)) {
    return fail(`unit ${unit.unit} does not measure ${metric} (use ${def.units.join(' or ')})`);
  }
  let window: Threshold['window'];
  if (kind === 'rise' || kind === 'fall') {
    if (q.value <= 0) return fail(`a ${kind} must be a positive change`);
    const w = part('window')?.valueDuration;
    const wUnit = oneOf(WINDOW_UNITS, w?.system === UCUM_SYSTEM ? w.code : undefined);
    if (w?.value === undefined || w.value <= 0 || !wUnit) {
      return fail(`a ${kind} needs "window", a positive UCUM duration in min, h, d or wk`);
    }
    window = { value: w.value, unit: wUnit };
  }
  const setAt = part('setAt')?.valueDateTime;
  if (setAt !== undefined && !DATE_TIME.test(setAt) && !parseFhirDate(setAt)) {
    return fail(`"setAt" ${setAt} is not a FHIR dateTime`);
  }
  const setBy = part('setBy')?.valueReference;
  return {
    level,
    kind,
    ...(component ? { component } : {}),
    value: q.value,
    unit: unit.unit,
    ...(window ? { window } : {}),
    ...(setBy ? { setBy } : {}),
    ...(setAt !== undefined ? { setAt } : {}),
  };
}

/** The contract's extension for a threshold (sub-extensions in the contract's order). */
export function thresholdExtension(t: Threshold): Extension {
  const parts: Extension[] = [
    { url: 'level', valueCode: t.level },
    { url: 'kind', valueCode: t.kind },
  ];
  if (t.component) parts.push({ url: 'component', valueCode: BP_COMPONENT_LOINC[t.component] });
  parts.push({
    url: 'value',
    valueQuantity: { value: t.value, unit: t.unit, system: UCUM_SYSTEM, code: t.unit },
  });
  if (t.window) {
    parts.push({
      url: 'window',
      valueDuration: {
        value: t.window.value,
        unit: t.window.unit,
        system: UCUM_SYSTEM,
        code: t.window.unit,
      },
    });
  }
  if (t.setBy) parts.push({ url: 'setBy', valueReference: t.setBy });
  if (t.setAt !== undefined) parts.push({ url: 'setAt', valueDateTime: t.setAt });
  return { url: THRESHOLD_URL, extension: parts };
}
