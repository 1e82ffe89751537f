/**
 * Exactly once, from the page's side. Each reading gets one `crypto.randomUUID()`; sending it
 * again — Retry after a network failure, a second tap, a reload — reuses that id, so the
 * server stores it once (it answers a repeat with `duplicate: true`). A reading the patient
 * changed is a new reading with a new id: resending an old id with new values would be refused
 * (409). A reading that could not be sent is kept in this tab's sessionStorage with its id, so
 * a reload brings it back into the form instead of losing it.
 */
import { z } from 'zod';
import type { ReadingBody } from './companion-schemas';
import {
  FORM_UNITS,
  parseLocalDateTime,
  readingValues,
  toOffsetDateTime,
  type ReadingDraft,
} from './reading-draft';

/** One reading on its way to the server: the body to (re)send, and what it was made from. */
export interface ReadingAttempt {
  /** The draft's values and typed time: the same key is the same reading. */
  key: string;
  body: ReadingBody;
}

function keyOf(draft: ReadingDraft): string | undefined {
  const values = readingValues(draft);
  return values ? JSON.stringify({ ...values, at: draft.at.trim() }) : undefined;
}

/**
 * The attempt to send for `draft`: `previous` again when the draft is unchanged (its id and
 * time kept), else a new one. An empty time is fixed to `now` on the first attempt, so a
 * retry half an hour later still says when the reading was taken. Undefined when the draft
 * does not hold a reading (it has not passed the checks).
 */
export function attemptFor(
  draft: ReadingDraft,
  previous: ReadingAttempt | undefined,
  now: Date,
  newId: () => string,
): ReadingAttempt | undefined {
  const key = keyOf(draft);
  const values = readingValues(draft);
  if (key === undefined || values === undefined) return undefined;
  if (previous?.key === key) return previous;
  const typed = draft.at.trim() === '' ? undefined : parseLocalDateTime(draft.at);
  if (draft.at.trim() !== '' && typed === undefined) return undefined;
  const at = toOffsetDateTime(typed ?? now);
  return { key, body: { ...values, id: newId(), at } };
}

/**
 * A new reading id: `crypto.randomUUID()`, which browsers offer only in secure contexts
 * (https, localhost); a page opened over plain http on a local network gets the same random
 * version-4 UUID built from `getRandomValues`, which every context has.
 * @see https://www.rfc-editor.org/rfc/rfc9562#section-5.4
 */
export function newReadingId(
  source: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto,
): string {
  if ('randomUUID' in source && typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // variant 10
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const PENDING_KEY = 'cw.companion.pending';

const draftSchema = z.object({
  metric: z.enum(Object.keys(FORM_UNITS) as [keyof typeof FORM_UNITS]),
  systolic: z.string(),
  diastolic: z.string(),
  value: z.string(),
  unit: z.enum(['mm[Hg]', 'kg', '[lb_av]', 'mg/dL', 'mmol/L']),
  at: z.string(),
});
const bodySchema = z.discriminatedUnion('metric', [
  z.object({
    id: z.uuid(),
    metric: z.literal('blood-pressure'),
    systolic: z.number().int(),
    diastolic: z.number().int(),
    unit: z.literal('mm[Hg]'),
    at: z.string().optional(),
  }),
  z.object({
    id: z.uuid(),
    metric: z.literal('weight'),
    value: z.number(),
    unit: z.enum(['kg', '[lb_av]']),
    at: z.string().optional(),
  }),
  z.object({
    id: z.uuid(),
    metric: z.literal('glucose'),
    value: z.number(),
    unit: z.enum(['mg/dL', 'mmol/L']),
    at: z.string().optional(),
  }),
]);
const pendingSchema = z.object({
  /** The link id (`/companion/me` link.id): another link (another patient) never sees it. */
  link: z.string(),
  draft: draftSchema,
  attempt: z.object({ key: z.string(), body: bodySchema }),
});

/** A reading that was not sent yet, as the form showed it. */
export interface PendingReading {
  draft: ReadingDraft;
  attempt: ReadingAttempt;
}

type PendingStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The unsent reading of this link kept in this tab, if any (unreadable → none). */
export function loadPending(storage: PendingStorage, linkId: string): PendingReading | undefined {
  try {
    const raw = storage.getItem(PENDING_KEY);
    if (raw === null) return undefined;
    const parsed = pendingSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.link !== linkId) return undefined;
    return { draft: parsed.data.draft, attempt: parsed.data.attempt };
  } catch {
    return undefined;
  }
}

/** Keeps an unsent reading for a reload (storage errors cost only the reload). */
export function savePending(
  storage: PendingStorage,
  linkId: string,
  pending: PendingReading,
): void {
  try {
    storage.setItem(PENDING_KEY, JSON.stringify({ link: linkId, ...pending }));
  } catch {
    // Storage full or blocked: the reading stays in the form while the page is open.
  }
}

export function clearPending(storage: PendingStorage): void {
  try {
    storage.removeItem(PENDING_KEY);
  } catch {
    // Nothing kept.
  }
}
