/**
 * A reload must not end the patient's visit. The link's ticket is one-time (the server refuses
 * it once used), so the page keeps the latest resume ticket in this tab's sessionStorage, tied
 * to the link it came from, and joins with it after a reload: the patient comes back as
 * themselves, in the lobby or in the call, within the server's grace time. sessionStorage, not
 * localStorage: it is per tab and gone when the tab closes, so another tab or another day
 * starts from the link again.
 */
import { z } from 'zod';

const KEY = 'cw.visit.resume';
const storedSchema = z.object({ link: z.string(), resume: z.string() });

type TicketStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function read(storage: TicketStorage): z.infer<typeof storedSchema> | undefined {
  try {
    const raw = storage.getItem(KEY);
    return raw ? storedSchema.parse(JSON.parse(raw)) : undefined;
  } catch {
    return undefined; // Unreadable or tampered: start from the link.
  }
}

/** The ticket to join with: the resume ticket kept for this link, else the link's own. */
export function joinTicket(storage: TicketStorage, linkTicket: string): string {
  const stored = read(storage);
  return stored?.link === linkTicket ? stored.resume : linkTicket;
}

/** Keeps the newest resume ticket for the link (storage errors only cost the reload). */
export function rememberResume(storage: TicketStorage, linkTicket: string, resume: string): void {
  try {
    storage.setItem(KEY, JSON.stringify({ link: linkTicket, resume }));
  } catch {
    // Storage full or blocked: a reload will then show "link already used".
  }
}

/** The visit is over (left, ended, removed, denied): a reload must not try to come back. */
export function forgetResume(storage: TicketStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // Nothing kept.
  }
}
