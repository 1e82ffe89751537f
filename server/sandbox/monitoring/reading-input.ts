/**
 * The body of `POST /sandbox/monitoring/readings`: one home reading, as a device gateway or a
 * patient app would report it. Strict objects on purpose: a misspelt key ("vaule") is a 400
 * naming it, never a reading silently stored without its value.
 */
import { z } from 'zod';
import type { MetricKey } from '../data/monitoring-codes';
import { METRICS } from '../data/monitoring-codes';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A FHIR id, or `Patient/<id>`; normalised to the bare id. */
const patientId = z
  .string()
  .transform((s) => (s.startsWith('Patient/') ? s.slice('Patient/'.length) : s))
  .refine((s) => ID.test(s), { error: 'must be a Patient id or "Patient/<id>"' });

/** A measured number: finite and not negative; implausible values are allowed (outliers are a use case). */
const measured = z.number().nonnegative().max(100_000);

const common = {
  patient: patientId,
  /** When it was measured, with a zone (kept as sent); default: now. */
  at: z.iso.datetime({ offset: true }).optional(),
  /**
   * A Device id of this patient. Absent: the patient's device for this metric if they have
   * one, else none. `null`: typed in by the patient (no device).
   */
  device: z.string().regex(ID, { error: 'must be a Device id' }).nullable().optional(),
  note: z.string().min(1).max(1000).optional(),
};

const units = (metric: MetricKey): [string, ...string[]] => {
  const [first, ...rest] = METRICS[metric].units;
  if (first === undefined) throw new Error(`${metric} has no units`);
  return [first, ...rest];
};

const scalar = <M extends Exclude<MetricKey, 'blood-pressure'>>(metric: M) =>
  z.strictObject({
    ...common,
    metric: z.literal(metric),
    value: measured,
    unit: z.enum(units(metric), {
      error: `unit must be one of ${METRICS[metric].units.join(', ')}`,
    }),
  });

export const readingInputSchema = z.discriminatedUnion('metric', [
  z.strictObject({
    ...common,
    metric: z.literal('blood-pressure'),
    values: z.strictObject({ systolic: measured, diastolic: measured }),
    unit: z.literal('mm[Hg]', { error: 'unit must be mm[Hg]' }),
  }),
  scalar('weight'),
  scalar('spo2'),
  scalar('heart-rate'),
  scalar('glucose'),
  scalar('cgm-glucose'),
]);

export type ReadingInput = z.output<typeof readingInputSchema>;

/** "values.systolic: Invalid input…" lines for a 400 answer. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`)
    .join('; ');
}
