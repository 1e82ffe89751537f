/**
 * The last patients opened, per server and user, in localStorage. Only patient ids and
 * when they were opened are kept — never names, birth dates or other identifying data, which
 * would otherwise sit in plain text on the device. The list shows names by reading the
 * Patient resources when it is displayed, and is removed at sign-out.
 * Entries are zod-validated on read: anything on the origin can write there.
 */
import { z } from 'zod';

export const RECENT_LIMIT = 10;

/** localStorage key for one server + user. */
export const recentPatientsKey = (serverId: string, userKey: string): string =>
  `cw.recent.${serverId}.${userKey}`;

/** A FHIR id (R4 `id` datatype) and an ISO timestamp; unknown fields are dropped. */
const entrySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/),
  openedAt: z.string().max(40),
});
export type RecentPatient = z.output<typeof entrySchema>;

function write(key: string, list: RecentPatient[], storage: Storage): void {
  try {
    storage.setItem(key, JSON.stringify(list));
  } catch {
    // storage full or disabled: the list simply is not remembered
  }
}

export function readRecentPatients(key: string, storage: Storage = localStorage): RecentPatient[] {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return [];
  }
  if (raw === null) return [];
  let items: unknown[];
  try {
    const parsed = z.array(z.unknown()).safeParse(JSON.parse(raw));
    if (!parsed.success) return [];
    items = parsed.data;
  } catch {
    return [];
  }
  // Keep the valid entries even when one is damaged.
  const list = items
    .flatMap((e) => {
      const entry = entrySchema.safeParse(e);
      return entry.success ? [entry.data] : [];
    })
    .slice(0, RECENT_LIMIT);
  // Lists written by older versions also held names and birth dates: rewrite them without.
  const clean = JSON.stringify(list);
  if (clean !== raw) write(key, list, storage);
  return list;
}

/**
 * Put `patientId` first, drop its older entry, keep at most {@link RECENT_LIMIT}.
 * Throws (zod) for an id that is not a FHIR id.
 */
export function recordRecentPatient(
  key: string,
  patientId: string,
  now: Date = new Date(),
  storage: Storage = localStorage,
): RecentPatient[] {
  const entry = entrySchema.parse({ id: patientId, openedAt: now.toISOString() });
  const list = [entry, ...readRecentPatients(key, storage).filter((p) => p.id !== entry.id)].slice(
    0,
    RECENT_LIMIT,
  );
  write(key, list, storage);
  return list;
}

export function clearRecentPatients(key: string, storage: Storage = localStorage): void {
  try {
    storage.removeItem(key);
  } catch {
    // storage disabled: nothing was kept
  }
}
