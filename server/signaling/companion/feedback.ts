/**
 * `GET /companion/feedback`: the clinicians' monitoring feedback to this patient, newest first.
 * Only what was really sent to them is shown — a completed Communication with the
 * monitoring-feedback category whose subject and recipient are this Patient — and only as plain
 * text (`payload.contentString`); the page must render it as text, never as HTML. Parts the page
 * cannot show (attachments, references) are counted, not silently dropped.
 * @see https://hl7.org/fhir/R4/communication.html
 */
import { z } from 'zod';
import { fhirDateToEpoch } from '../../../shared/fhir/dates';
import { parseReference } from '../../../shared/fhir/references';
import {
  COMMUNICATION_CATEGORY_SYSTEM,
  MONITORING_FEEDBACK_CODE,
} from '../../../shared/monitoring/feedback';
import type { CompanionFhir } from './fhir-client';
import { displayName } from './profile';

/** How many messages the page gets (the newest). */
export const MAX_FEEDBACK = 50;

export interface FeedbackItem {
  id: string;
  /** `Communication.sent` as the server has it (FHIR dateTime), or null. */
  sent: string | null;
  /** Who wrote it: the sender's display or Practitioner name; null when unknown. */
  sender: string | null;
  /** BCP 47 language of the text, when the Communication names one. */
  language: string | null;
  /** The message, plain text (contentString parts joined by a blank line). */
  text: string;
  /** Payload parts that are not text (attachments, references): not shown on the page. */
  omittedParts: number;
}

const referenceSchema = z.looseObject({
  reference: z.string().optional(),
  display: z.string().optional(),
});
const communicationSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  category: z
    .array(
      z.looseObject({
        coding: z
          .array(z.looseObject({ system: z.string().optional(), code: z.string().optional() }))
          .optional(),
      }),
    )
    .optional(),
  subject: referenceSchema.optional(),
  recipient: z.array(referenceSchema).optional(),
  sender: referenceSchema.optional(),
  sent: z.string().optional(),
  language: z.string().optional(),
  payload: z.array(z.looseObject({ contentString: z.string().optional() })).optional(),
});
type CommunicationShape = z.infer<typeof communicationSchema>;

function isPatient(ref: z.infer<typeof referenceSchema> | undefined, patientId: string): boolean {
  const parsed = ref?.reference ? parseReference(ref.reference) : undefined;
  return parsed?.type === 'Patient' && parsed.id === patientId;
}

/** True for feedback this patient may read (the server's search is checked, not trusted). */
export function isFeedbackFor(c: CommunicationShape, patientId: string): boolean {
  const category = (c.category ?? []).some((cat) =>
    (cat.coding ?? []).some(
      (x) => x.system === COMMUNICATION_CATEGORY_SYSTEM && x.code === MONITORING_FEEDBACK_CODE,
    ),
  );
  return (
    category &&
    c.status === 'completed' &&
    isPatient(c.subject, patientId) &&
    (c.recipient ?? []).some((r) => isPatient(r, patientId))
  );
}

async function senderName(
  fhir: CompanionFhir,
  sender: z.infer<typeof referenceSchema> | undefined,
  cache: Map<string, Promise<string | null>>,
): Promise<string | null> {
  const display = sender?.display?.trim();
  if (display) return display;
  const ref = sender?.reference ? parseReference(sender.reference) : undefined;
  if (ref?.type !== 'Practitioner') return null;
  let name = cache.get(ref.id);
  if (!name) {
    name = fhir.read('Practitioner', ref.id).then(
      (p) => displayName(p),
      // A name that cannot be looked up is shown as unknown; the message itself still counts.
      () => null,
    );
    cache.set(ref.id, name);
  }
  return name;
}

/** The patient's feedback messages, newest `sent` first (undated ones last). */
export async function fetchFeedback(
  fhir: CompanionFhir,
  patientId: string,
): Promise<FeedbackItem[]> {
  const found = await fhir.search('Communication', {
    subject: `Patient/${patientId}`,
    category: `${COMMUNICATION_CATEGORY_SYSTEM}|${MONITORING_FEEDBACK_CODE}`,
    status: 'completed',
    _count: '100',
  });
  const messages = found
    .map((r) => communicationSchema.safeParse(r))
    .flatMap((p) => (p.success && isFeedbackFor(p.data, patientId) ? [p.data] : []))
    .map((c) => ({ c, epoch: fhirDateToEpoch(c.sent) ?? -Infinity }))
    .sort((a, b) => b.epoch - a.epoch || (a.c.id < b.c.id ? -1 : 1))
    .slice(0, MAX_FEEDBACK);
  const names = new Map<string, Promise<string | null>>();
  return Promise.all(
    messages.map(async ({ c }) => {
      const payload = c.payload ?? [];
      const texts = payload.flatMap((p) =>
        p.contentString === undefined ? [] : [p.contentString],
      );
      return {
        id: c.id,
        sent: c.sent ?? null,
        sender: await senderName(fhir, c.sender, names),
        language: c.language ?? null,
        text: texts.join('\n\n'),
        omittedParts: payload.length - texts.length,
      };
    }),
  );
}
