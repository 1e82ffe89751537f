/**
 * The threshold editor's logic, apart from the UI: validating what the clinician typed into a
 * {@link ThresholdChange} (shared/monitoring/plan-edit applies it to the CarePlan), warnings
 * for limits that contradict each other, and which CarePlan (and version) an edit must start
 * from while earlier edits are still on their way to the server.
 */
import type { CarePlan } from 'fhir/r4';
import type { OutboxState } from '../../offline/contracts';
import {
  METRICS,
  type BpComponent,
  type MetricKey,
  type ValueSlot,
} from '../../../../shared/monitoring/metrics';
import type { ThresholdChange } from '../../../../shared/monitoring/plan-edit';
import {
  WINDOW_UNITS,
  windowToMs,
  type Threshold,
  type ThresholdKind,
  type ThresholdLevel,
  type WindowUnit,
} from '../../../../shared/monitoring/threshold';
import { convertValue, unitLabel, type UcumUnit } from '../../../../shared/monitoring/units';

/** What the form holds: text as typed, so an empty or half-typed number can be reported. */
export interface ThresholdForm {
  level: ThresholdLevel;
  kind: ThresholdKind;
  component?: BpComponent;
  value: string;
  unit: UcumUnit;
  windowValue: string;
  windowUnit: WindowUnit;
}

/** A problem with the form, as an i18n key (`thresholds.errors.*`) and its values. */
export interface FormProblem {
  key: string;
  values?: Record<string, string | number>;
}

export type FormResult =
  | { ok: true; change: ThresholdChange; warnings: FormProblem[] }
  | { ok: false; errors: FormProblem[] };

/** The form for a new threshold of a metric, or for editing an existing one. */
export function formFor(metric: MetricKey, existing?: Threshold): ThresholdForm {
  const def = METRICS[metric];
  if (existing) {
    return {
      level: existing.level,
      kind: existing.kind,
      ...(existing.component ? { component: existing.component } : {}),
      value: String(existing.value),
      unit: existing.unit,
      windowValue: existing.window ? String(existing.window.value) : '3',
      windowUnit: existing.window?.unit ?? 'd',
    };
  }
  return {
    level: 'red',
    kind: 'above',
    ...(metric === 'blood-pressure' ? { component: 'systolic' as const } : {}),
    value: '',
    unit: def.canonicalUnit,
    windowValue: '3',
    windowUnit: 'd',
  };
}

/** A number as typed: "1,5" (decimal comma) is 1.5; anything else not a plain number is undefined. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const isRelative = (kind: ThresholdKind): boolean => kind === 'rise' || kind === 'fall';

/** Validates the form for `metric`; `others` are the metric's other thresholds (for warnings). */
export function validateThresholdForm(
  metric: MetricKey,
  form: ThresholdForm,
  others: readonly Threshold[],
): FormResult {
  const def = METRICS[metric];
  const errors: FormProblem[] = [];
  if (metric === 'blood-pressure' && !form.component) errors.push({ key: 'component' });
  if (!def.units.includes(form.unit)) errors.push({ key: 'unit', values: { unit: form.unit } });
  const value = parseNumber(form.value);
  if (value === undefined || value <= 0) errors.push({ key: 'value' });
  const slot: ValueSlot = metric === 'blood-pressure' ? (form.component ?? 'systolic') : 'value';
  const range = def.plausible[slot];
  const canonical =
    value !== undefined ? convertValue(value, form.unit, def.canonicalUnit) : undefined;
  if (range && canonical !== undefined && value !== undefined && value > 0) {
    const span = range.high - range.low;
    const outside = isRelative(form.kind)
      ? canonical >= span
      : canonical < range.low || canonical > range.high;
    if (outside) {
      errors.push({
        key: isRelative(form.kind) ? 'changeTooLarge' : 'outsidePlausible',
        values: { low: range.low, high: range.high, span, unit: unitLabel(def.canonicalUnit) },
      });
    }
  }
  let window: { value: number; unit: WindowUnit } | undefined;
  if (isRelative(form.kind)) {
    const w = parseNumber(form.windowValue);
    if (w === undefined || w <= 0 || !WINDOW_UNITS.includes(form.windowUnit)) {
      errors.push({ key: 'window' });
    } else window = { value: w, unit: form.windowUnit };
  }
  if (errors.length > 0 || value === undefined || canonical === undefined) {
    return { ok: false, errors };
  }
  const change: ThresholdChange = {
    metric,
    level: form.level,
    kind: form.kind,
    ...(metric === 'blood-pressure' && form.component ? { component: form.component } : {}),
    limit: { value, unit: form.unit, ...(window ? { window } : {}) },
  };
  return { ok: true, change, warnings: contradictions(metric, change, canonical, others) };
}

/**
 * A red limit that is milder than the yellow one of the same rule (red above 160 with yellow
 * above 180; red rise 1 kg with yellow rise 2 kg in the same window): allowed, but said.
 */
function contradictions(
  metric: MetricKey,
  change: ThresholdChange,
  canonical: number,
  others: readonly Threshold[],
): FormProblem[] {
  const unit = METRICS[metric].canonicalUnit;
  const limit = change.limit;
  if (!limit) return [];
  const counterpart = others.find(
    (t) =>
      t.level !== change.level &&
      t.kind === change.kind &&
      t.component === change.component &&
      (!isRelative(t.kind) ||
        (t.window && limit.window && windowToMs(t.window) === windowToMs(limit.window))),
  );
  if (!counterpart) return [];
  const theirs = convertValue(counterpart.value, counterpart.unit, unit);
  if (theirs === undefined) return [];
  const [red, yellow] = change.level === 'red' ? [canonical, theirs] : [theirs, canonical];
  const milder = change.kind === 'below' ? red > yellow : red < yellow;
  return milder ? [{ key: 'redMilderThanYellow' }] : [];
}

/** A queued CarePlan write (from the outbox) that an edit may have to build on. */
export interface QueuedPlan {
  /** Outbox entry id. */
  id: string;
  body: CarePlan;
  createdAt: number;
  state: OutboxState;
  /** When it reached the server (state 'sent'). */
  sentAt?: number;
  /** The version its PUT is conditional on. */
  ifMatch?: string;
}

/** Where the next edit starts: the CarePlan, the version to send If-Match with, and the entry. */
export interface EditBase {
  carePlan: CarePlan;
  /** `meta.versionId` the edit is built on (absent: the server keeps no versions). */
  ifMatch?: string;
  /** The queued write the edit is built on, when not the cache. */
  basedOn?: string;
}

const versionOf = (cp: CarePlan): string =>
  `${cp.meta?.versionId ?? ''}|${cp.meta?.lastUpdated ?? ''}`;

/**
 * Where the next edit starts. Normally the cached CarePlan at its version. But an edit queued
 * since — still on its way, or sent after the cached copy was fetched — is newer than the
 * cache: starting from the cache again would silently undo it, so the edit builds on the
 * newest such write and carries that write's If-Match version (the outbox moves it on once
 * that write has landed, see offline/sync-retry `putIfMatchSettled`). Once a copy fetched after
 * the write is cached, the cache wins. Failed writes (rejected, or overtaken by someone
 * else's change) are never built on.
 * @param cachedFetchedAt when the cached version was fetched (epoch ms), if known
 */
export function editBase(
  cached: CarePlan,
  cachedFetchedAt: number | undefined,
  queued: readonly QueuedPlan[],
): EditBase {
  const ahead = (q: QueuedPlan): boolean =>
    q.state === 'pending' ||
    q.state === 'sending' ||
    (q.state === 'sent' &&
      (versionOf(q.body) === versionOf(cached) ||
        (cachedFetchedAt !== undefined && (q.sentAt ?? 0) > cachedFetchedAt)));
  const newer = queued
    .filter((q) => q.body.id === cached.id && ahead(q))
    .sort((a, b) => b.createdAt - a.createdAt)[0];
  if (newer) {
    return {
      carePlan: newer.body,
      ...(newer.ifMatch !== undefined ? { ifMatch: newer.ifMatch } : {}),
      basedOn: newer.id,
    };
  }
  const version = cached.meta?.versionId;
  return { carePlan: cached, ...(version !== undefined ? { ifMatch: version } : {}) };
}
