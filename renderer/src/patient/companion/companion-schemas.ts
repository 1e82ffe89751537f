/**
 * The answers of the companion API (server/signaling/companion/README.md) as zod schemas: the
 * page trusts nothing it receives, so a server that answers in another shape becomes an error
 * the patient sees instead of a half-drawn page. Objects are loose (a newer server may add
 * fields); the fields the page reads are strict.
 */
import { z } from 'zod';

export const profileSchema = z.looseObject({
  patient: z.looseObject({
    name: z.string().nullable(),
    /** BCP 47 as recorded on Patient.communication (`it-CH`), preferred first. */
    preferredLanguage: z.string().nullable(),
    languages: z.array(z.string()),
  }),
  plan: z.looseObject({
    status: z.enum(['active', 'none', 'unreadable']),
    title: z.string().nullable(),
  }),
  metrics: z.array(
    z.looseObject({
      /** Kept as a string: a metric this page does not know is left out of the form, not a crash. */
      metric: z.string(),
      units: z.array(z.string()),
      perDay: z.number().nullable(),
      canSubmit: z.boolean(),
    }),
  ),
  link: z.looseObject({ id: z.string(), expiresAt: z.number() }),
});
export type CompanionProfile = z.infer<typeof profileSchema>;
export type CompanionMetricInfo = CompanionProfile['metrics'][number];

export const feedbackMessageSchema = z.looseObject({
  id: z.string(),
  /** FHIR dateTime as stored (may be date-only); null when the Communication has none. */
  sent: z.string().nullable(),
  sender: z.string().nullable(),
  language: z.string().nullable(),
  /** Plain text: rendered as text, never as HTML. */
  text: z.string(),
  /** Payload parts that are not text (attachments, references), which the page cannot show. */
  omittedParts: z.number().int().nonnegative(),
});
export type FeedbackMessage = z.infer<typeof feedbackMessageSchema>;

export const feedbackSchema = z.looseObject({ messages: z.array(feedbackMessageSchema) });

export const storedReadingSchema = z.looseObject({
  /** The Observation's id on the FHIR server. */
  id: z.string(),
  /** When the reading was taken (effectiveDateTime), as stored. */
  at: z.string(),
  recordedAt: z.string().nullable(),
  /** True when the server had this reading already (a retry): still a success. */
  duplicate: z.boolean(),
});
export type StoredReading = z.infer<typeof storedReadingSchema>;

/** Every error answer: a message for people, and the field to fix when there is one. */
export const errorBodySchema = z.looseObject({
  error: z.string(),
  field: z.string().optional(),
});

/** The bodies `POST /companion/readings` accepts (one per metric the patient can type in). */
export type ReadingBody =
  | {
      id: string;
      metric: 'blood-pressure';
      systolic: number;
      diastolic: number;
      unit: 'mm[Hg]';
      at?: string;
    }
  | { id: string; metric: 'weight'; value: number; unit: 'kg' | '[lb_av]'; at?: string }
  | { id: string; metric: 'glucose'; value: number; unit: 'mg/dL' | 'mmol/L'; at?: string };

/** A reading's values without its id and time: what the patient typed, as the server reads it. */
export type ReadingValues = ReadingBody extends infer B
  ? B extends ReadingBody
    ? Omit<B, 'id' | 'at'>
    : never
  : never;
