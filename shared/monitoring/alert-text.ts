/**
 * Why an alert fired, twice: a structured reason (`key` + `values`) the renderer translates
 * with i18next (keys in its `monitoring` namespace), and a plain English `text` for logs,
 * exports and anywhere without translations. Values keep each reading's source unit: a
 * weight sent in pounds is reported in pounds, the limit in the unit the clinician set.
 */
import type { BpComponent, MetricKey, ValueSlot } from './metrics';
import type { Measurement } from './reading-values';
import type { Threshold, WindowUnit } from './threshold';
import {
  convertValue,
  roundTo,
  sentUnitLabel,
  unitDecimals,
  unitLabel,
  type UcumUnit,
} from './units';

/** An i18n-ready reason: translate `key` with `values` interpolated. */
export interface AlertReason {
  key: string;
  values: Record<string, string | number>;
}

export interface ReasonAndText {
  reason: AlertReason;
  text: string;
}

const METRIC_EN: Readonly<Record<MetricKey, string>> = {
  'blood-pressure': 'Blood pressure',
  weight: 'Weight',
  spo2: 'SpO2',
  'heart-rate': 'Heart rate',
  glucose: 'Glucose',
  'cgm-glucose': 'CGM glucose',
};
const COMPONENT_EN: Readonly<Record<BpComponent, string>> = {
  systolic: 'Systolic blood pressure',
  diastolic: 'Diastolic blood pressure',
};

/** English name of a metric (or of a BP component). */
export function metricNameEn(metric: MetricKey, slot?: ValueSlot): string {
  return slot === 'systolic' || slot === 'diastolic' ? COMPONENT_EN[slot] : METRIC_EN[metric];
}

const WINDOW_EN: Readonly<Record<WindowUnit, [string, string]>> = {
  min: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  wk: ['week', 'weeks'],
};

function count(n: number, unit: WindowUnit): string {
  const [one, many] = WINDOW_EN[unit];
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** A duration in words: days from 24 h up, hours from 1 h, else minutes ("2.5 days"). */
export function formatSpanEn(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 24) return count(roundTo(hours / 24, 1), 'd');
  if (hours >= 1) return count(roundTo(hours, 1), 'h');
  return count(Math.round(ms / 60_000), 'min');
}

function unitOf(m: Measurement): string {
  return sentUnitLabel(m.unit, m.unitSent);
}

function amount(m: Measurement): string {
  const unit = unitOf(m);
  return `${m.comparator ? `${m.comparator} ` : ''}${String(m.value)}${unit ? ` ${unit}` : ''}`;
}

/** "above 180 mmHg" / "+2 kg in 3 days" — the limit as the clinician set it. */
function limitText(t: Threshold): string {
  const q = `${String(t.value)} ${unitLabel(t.unit)}`;
  if (t.kind === 'above' || t.kind === 'below') return `${t.kind} ${q}`;
  const sign = t.kind === 'rise' ? '+' : '-';
  return `${sign}${q}${t.window ? ` in ${count(t.window.value, t.window.unit)}` : ''}`;
}

function limitValues(t: Threshold): Record<string, string | number> {
  return {
    level: t.level,
    limit: t.value,
    limitUnit: unitLabel(t.unit),
    ...(t.window ? { window: t.window.value, windowUnit: t.window.unit } : {}),
  };
}

/** Reason of an above/below alert on one reading. */
export function absoluteReason(
  metric: MetricKey,
  slot: ValueSlot,
  m: Measurement,
  t: Threshold,
): ReasonAndText {
  return {
    reason: {
      key: `alert.${t.kind}`,
      values: {
        metric,
        slot,
        value: m.value,
        comparator: m.comparator ?? '',
        unit: unitOf(m),
        ...limitValues(t),
      },
    },
    text: `${metricNameEn(metric, slot)} ${amount(m)}; ${t.level} limit ${limitText(t)}`,
  };
}

/**
 * Reason of a rise/fall alert: the change in the newest reading's unit (rounded for that
 * unit), both readings as sent, the time between them, and the limit as set.
 */
export function relativeReason(
  metric: MetricKey,
  slot: ValueSlot,
  newest: Measurement & { canonical: number },
  baseline: Measurement & { canonical: number },
  canonicalUnit: UcumUnit,
  spanMs: number,
  t: Threshold,
): ReasonAndText {
  const inUnit: UcumUnit = newest.unit ?? canonicalUnit;
  const changeCanonical = Math.abs(newest.canonical - baseline.canonical);
  const change = roundTo(
    convertValue(changeCanonical, canonicalUnit, inUnit) ?? changeCanonical,
    unitDecimals(inUnit),
  );
  const same = unitOf(newest) === unitOf(baseline);
  const from = same ? String(baseline.value) : amount(baseline);
  const verb = t.kind === 'rise' ? 'rose' : 'fell';
  return {
    reason: {
      key: `alert.${t.kind}`,
      values: {
        metric,
        slot,
        change,
        changeUnit: unitLabel(inUnit),
        from: baseline.value,
        fromUnit: unitOf(baseline),
        to: newest.value,
        toUnit: unitOf(newest),
        spanHours: roundTo(spanMs / 3_600_000, 1),
        ...limitValues(t),
      },
    },
    text:
      `${metricNameEn(metric, slot)} ${verb} ${String(change)} ${unitLabel(inUnit)} in ${formatSpanEn(spanMs)} ` +
      `(${from} → ${amount(newest)}); ${t.level} limit ${limitText(t)}`,
  };
}

function expectedText(perDay: number): string {
  if (perDay >= 1) return `${String(roundTo(perDay, 2))} a day`;
  return `1 every ${formatSpanEn(86_400_000 / perDay)}`;
}

/**
 * Reason of a missed-reading alert: `since` says what the gap is counted from — the last
 * reading, the start of monitoring, or nothing at all (no start date and no reading yet).
 */
export function missedReason(
  metric: MetricKey,
  perDay: number,
  gap:
    | { since: 'last-reading'; ms: number; lastAt: number }
    | { since: 'plan-start'; ms: number }
    | { since: 'never' },
): ReasonAndText {
  const name = metricNameEn(metric).toLowerCase();
  const expected = expectedText(perDay);
  const values: Record<string, string | number> = {
    metric,
    since: gap.since,
    expectedPerDay: roundTo(perDay, 3),
  };
  if (gap.since !== 'never') values.hoursSince = roundTo(gap.ms / 3_600_000, 1);
  if (gap.since === 'last-reading') values.lastReadingAt = gap.lastAt;
  const text =
    gap.since === 'last-reading'
      ? `No ${name} reading for ${formatSpanEn(gap.ms)} (expected ${expected})`
      : gap.since === 'plan-start'
        ? `No ${name} reading since monitoring started ${formatSpanEn(gap.ms)} ago (expected ${expected})`
        : `No ${name} reading yet (expected ${expected})`;
  return { reason: { key: 'alert.missed', values }, text };
}

/** Reason of a low CGM wear-time alert. */
export function wearReason(
  metric: MetricKey,
  wear: number,
  windowMs: number,
  target: number,
): ReasonAndText {
  const percent = Math.floor(wear * 100);
  return {
    reason: {
      key: 'alert.cgmWear',
      values: {
        metric,
        wearPercent: percent,
        days: roundTo(windowMs / 86_400_000, 1),
        targetPercent: Math.round(target * 100),
      },
    },
    text: `CGM worn ${String(percent)}% of the last ${formatSpanEn(windowMs)} (target at least ${String(Math.round(target * 100))}%)`,
  };
}

/** Reason of a CGM data gap alert. */
export function gapReason(
  metric: MetricKey,
  sinceMs: number,
  lastAt: number | undefined,
): ReasonAndText {
  return {
    reason: {
      key: 'alert.cgmGap',
      values: {
        metric,
        hoursSince: roundTo(sinceMs / 3_600_000, 1),
        ...(lastAt !== undefined ? { lastReadingAt: lastAt } : {}),
      },
    },
    text: `No CGM data for ${formatSpanEn(sinceMs)}`,
  };
}
