/**
 * Threshold edits that met someone else's edit. Every threshold save is a versioned PUT of the
 * whole CarePlan (If-Match with the version it was built on, FHIR R4 http.html#concurrency).
 * When another workstation saved first, the server answers 412 and the outbox keeps our write
 * as a conflict together with the server's current CarePlan. To re-apply the clinician's edit
 * on top of the server's version we need what they *did*, not the CarePlan they produced: the
 * outbox entry therefore carries the edit's intent ({@link thresholdEditIntent}), which is
 * read back here at a boundary (zod: it comes out of storage) and replayed with `setThreshold`.
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 */
import type { CarePlan, Reference } from 'fhir/r4';
import { z } from 'zod';
import { METRIC_KEYS } from './metrics';
import { setThreshold, type CarePlanEditResult, type ThresholdChange } from './plan-edit';
import { THRESHOLD_KINDS, THRESHOLD_LEVELS, WINDOW_UNITS } from './threshold';
import { UCUM_UNITS } from './units';

/**
 * What decides whether a CarePlan PUT already landed after a 412: the activities (thresholds
 * live in `activity.detail.extension`, frequencies in `scheduledTiming`). `meta` never counts.
 */
export const PLAN_COMPARE_FIELDS: readonly string[] = ['activity'];

export const THRESHOLD_EDIT_INTENT = 'threshold-edit';

const thresholdChangeSchema = z.object({
  metric: z.enum(METRIC_KEYS),
  level: z.enum(THRESHOLD_LEVELS),
  kind: z.enum(THRESHOLD_KINDS),
  component: z.enum(['systolic', 'diastolic']).optional(),
  limit: z
    .object({
      value: z.number().positive(),
      unit: z.enum(UCUM_UNITS),
      window: z.object({ value: z.number().positive(), unit: z.enum(WINDOW_UNITS) }).optional(),
    })
    .nullable(),
});

const intentSchema = z.object({
  kind: z.literal(THRESHOLD_EDIT_INTENT),
  changes: z.array(thresholdChangeSchema).min(1),
});

/** The intent stored with a threshold save: the changes, in the order they were made. */
export interface ThresholdEditIntent {
  kind: typeof THRESHOLD_EDIT_INTENT;
  changes: ThresholdChange[];
}

export function thresholdEditIntent(changes: readonly ThresholdChange[]): ThresholdEditIntent {
  return { kind: THRESHOLD_EDIT_INTENT, changes: changes.map((c) => structuredClone(c)) };
}

/** The changes of a stored intent; undefined when it is absent or not a threshold edit. */
export function readThresholdEditIntent(intent: unknown): ThresholdChange[] | undefined {
  const parsed = intentSchema.safeParse(intent);
  if (!parsed.success) return undefined;
  return parsed.data.changes.map((c): ThresholdChange => ({
    metric: c.metric,
    level: c.level,
    kind: c.kind,
    ...(c.component ? { component: c.component } : {}),
    limit: c.limit
      ? {
          value: c.limit.value,
          unit: c.limit.unit,
          ...(c.limit.window ? { window: c.limit.window } : {}),
        }
      : null,
  }));
}

/**
 * The clinician's changes replayed, in order, on the server's current CarePlan (each threshold
 * recorded as set by `who` at `when`, the moment of re-applying). Everything the other
 * workstation changed and ours did not touch is kept; where both changed the same threshold,
 * ours is applied last, which is what the clinician asked for by re-applying.
 */
export function reapplyThresholdChanges(
  server: CarePlan,
  changes: readonly ThresholdChange[],
  who: Reference,
  when: string,
): CarePlanEditResult {
  if (changes.length === 0) return { ok: false, error: 'there is no change to re-apply' };
  let current: CarePlanEditResult | undefined;
  for (const change of changes) {
    current = setThreshold(current?.ok ? current.carePlan : server, change, who, when);
    if (!current.ok) return current;
  }
  return current ?? { ok: false, error: 'there is no change to re-apply' };
}
