/**
 * The reading form's rules, without React: what the patient typed (strings, as typed), the
 * checks the page makes before sending (the same bounds the server applies, from
 * shared/monitoring/metrics, so the patient gets a message in their language instead of the
 * server's English), and the body `POST /companion/readings` expects. Values keep the unit the
 * patient chose; nothing is converted before sending.
 */
import { isPlausible, METRICS } from '../../../../shared/monitoring/metrics';
import { convertValue, type UcumUnit } from '../../../../shared/monitoring/units';
import type { CompanionMetricInfo, ReadingValues } from './companion-schemas';

/** Metrics a patient can type in on this page, with the units the server accepts for each. */
export const FORM_UNITS = {
  'blood-pressure': ['mm[Hg]'],
  weight: ['kg', '[lb_av]'],
  glucose: ['mg/dL', 'mmol/L'],
} as const satisfies Record<string, readonly UcumUnit[]>;
export type FormMetric = keyof typeof FORM_UNITS;

/** Mirrors the server: a time more than 5 min ahead is "in the future" (clock skew allowed). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Mirrors the server's MAX_BACKDATE_DAYS. */
export const MAX_BACKDATE_DAYS = 30;

export interface FormMetricChoice {
  metric: FormMetric;
  units: UcumUnit[];
}

function isFormMetric(metric: string): metric is FormMetric {
  return Object.hasOwn(FORM_UNITS, metric);
}

/**
 * The metrics the form offers: those of the plan the patient may submit and this page knows,
 * each with the plan's units this page knows (in the plan's order). A metric left with no
 * unit is left out rather than offered with a guessed one.
 */
export function formMetrics(metrics: readonly CompanionMetricInfo[]): FormMetricChoice[] {
  const out: FormMetricChoice[] = [];
  for (const m of metrics) {
    if (!m.canSubmit || !isFormMetric(m.metric)) continue;
    const known: readonly string[] = FORM_UNITS[m.metric];
    const units = m.units.filter((u): u is UcumUnit => known.includes(u));
    if (units.length > 0) out.push({ metric: m.metric, units });
  }
  return out;
}

/** The form's fields as typed. `at` is a `datetime-local` value; empty means "now". */
export interface ReadingDraft {
  metric: FormMetric;
  systolic: string;
  diastolic: string;
  value: string;
  unit: UcumUnit;
  at: string;
}

export type DraftField = 'systolic' | 'diastolic' | 'value' | 'at';

/** Why a field cannot be sent; `low`/`high` in the unit the patient chose. */
export type DraftProblem =
  | { field: DraftField; code: 'required' | 'not-number' | 'not-whole' | 'bp-order' }
  | { field: DraftField; code: 'future' | 'too-old' | 'bad-time' }
  | { field: DraftField; code: 'range'; low: number; high: number; unit: UcumUnit };

const WHOLE = /^\d+$/;
/** Digits with one optional decimal separator: a point or, as typed in German, a comma. */
const DECIMAL = /^\d+(?:[.,]\d+)?$/;

/** A number as typed ("82,4" or "82.4"); undefined for anything else (no thousands groups). */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed.replace(',', '.')) : undefined;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A `datetime-local` value as the instant it names on this device's clock. */
export function parseLocalDateTime(value: string): Date | undefined {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const date = new Date(y, mo - 1, d, h, mi, s);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d
    ? date
    : undefined;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm` for a `datetime-local` input (its `max`, for instance). */
export function toLocalInputValue(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The instant with seconds and this device's offset (`2026-11-02T07:15:00+01:00`), the form
 * FHIR dateTime and the server require; the patient's own clock time is kept as they saw it.
 * @see https://hl7.org/fhir/R4/datatypes.html#dateTime
 */
export function toOffsetDateTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${toLocalInputValue(date)}:${pad(date.getSeconds())}${zone}`;
}

function rangeProblem(
  metric: FormMetric,
  slot: 'systolic' | 'diastolic' | 'value',
  value: number,
  unit: UcumUnit,
): DraftProblem | undefined {
  const def = METRICS[metric];
  const canonical = convertValue(value, unit, def.canonicalUnit);
  if (canonical !== undefined && isPlausible(metric, slot, canonical)) return undefined;
  const range = def.plausible[slot];
  const low = range ? convertValue(range.low, def.canonicalUnit, unit) : undefined;
  const high = range ? convertValue(range.high, def.canonicalUnit, unit) : undefined;
  if (low === undefined || high === undefined) return { field: slot, code: 'not-number' };
  return { field: slot, code: 'range', low, high, unit };
}

function numberProblem(
  draft: ReadingDraft,
  slot: 'systolic' | 'diastolic' | 'value',
  whole: boolean,
): DraftProblem | undefined {
  const text = draft[slot].trim();
  if (text === '') return { field: slot, code: 'required' };
  if (whole && !WHOLE.test(text))
    return { field: slot, code: parseDecimal(text) === undefined ? 'not-number' : 'not-whole' };
  const value = parseDecimal(text);
  if (value === undefined) return { field: slot, code: 'not-number' };
  return rangeProblem(draft.metric, slot, value, draft.unit);
}

function timeProblem(at: string, now: Date): DraftProblem | undefined {
  if (at.trim() === '') return undefined;
  const date = parseLocalDateTime(at);
  if (!date) return { field: 'at', code: 'bad-time' };
  if (date.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return { field: 'at', code: 'future' };
  if (date.getTime() < now.getTime() - MAX_BACKDATE_DAYS * 86_400_000)
    return { field: 'at', code: 'too-old' };
  return undefined;
}

/** Every field's first problem, in the order the fields appear (focus goes to the first). */
export function checkDraft(draft: ReadingDraft, now: Date): DraftProblem[] {
  const problems: (DraftProblem | undefined)[] = [];
  if (draft.metric === 'blood-pressure') {
    const sys = numberProblem(draft, 'systolic', true);
    const dia = numberProblem(draft, 'diastolic', true);
    problems.push(sys, dia);
    if (!sys && !dia && Number(draft.systolic) <= Number(draft.diastolic))
      problems.push({ field: 'systolic', code: 'bp-order' });
  } else {
    problems.push(numberProblem(draft, 'value', false));
  }
  problems.push(timeProblem(draft.at, now));
  return problems.filter((p): p is DraftProblem => p !== undefined);
}

/** The values of a draft that passed {@link checkDraft}, as the server's body (without id/at). */
export function readingValues(draft: ReadingDraft): ReadingValues | undefined {
  if (draft.metric === 'blood-pressure') {
    if (draft.unit !== 'mm[Hg]') return undefined;
    return {
      metric: 'blood-pressure',
      systolic: Number(draft.systolic.trim()),
      diastolic: Number(draft.diastolic.trim()),
      unit: draft.unit,
    };
  }
  const value = parseDecimal(draft.value);
  if (value === undefined) return undefined;
  if (draft.metric === 'weight' && (draft.unit === 'kg' || draft.unit === '[lb_av]'))
    return { metric: 'weight', value, unit: draft.unit };
  if (draft.metric === 'glucose' && (draft.unit === 'mg/dL' || draft.unit === 'mmol/L'))
    return { metric: 'glucose', value, unit: draft.unit };
  return undefined;
}

/** An empty draft for a metric, in its first offered unit. */
export function emptyDraft(choice: FormMetricChoice): ReadingDraft {
  return {
    metric: choice.metric,
    systolic: '',
    diastolic: '',
    value: '',
    unit: choice.units[0] ?? FORM_UNITS[choice.metric][0],
    at: '',
  };
}
