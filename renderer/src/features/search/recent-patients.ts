/**
 * The last patients opened, per server and user, in localStorage (zod-validated on read:
 * the entries are shown, and anything on the origin can write there). Only what the list
 * displays is kept — no clinical data.
 */
import { z } from 'zod';

export const RECENT_LIMIT = 10;

/** localStorage key for one server + user. */
export const recentPatientsKey = (serverId: string, userKey: string): string =>
  `cw.recent.${serverId}.${userKey}`;

const entrySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/),
  name: z.string().max(300),
  birthDate: z.string().max(10).optional(),
  gender: z.string().max(20).optional(),
  openedAt: z.string().max(40),
});
export type RecentPatient = z.output<typeof entrySchema>;

export function readRecentPatients(key: string, storage: Storage = localStorage): RecentPatient[] {
  try {
    const raw = storage.getItem(key);
    if (raw === null) return [];
    const parsed = z.array(z.unknown()).safeParse(JSON.parse(raw));
    if (!parsed.success) return [];
    // Keep the valid entries even when one is damaged.
    return parsed.data
      .flatMap((e) => {
        const entry = entrySchema.safeParse(e);
        return entry.success ? [entry.data] : [];
      })
      .slice(0, RECENT_LIMIT);
  } catch {
    return [];
  }
}

/** Put `patient` first, drop its older entry, keep at most {@link RECENT_LIMIT}. */
export function recordRecentPatient(
  key: string,
  patient: Omit<RecentPatient, 'openedAt'>,
  now: Date = new Date(),
  storage: Storage = localStorage,
): RecentPatient[] {
  const entry = entrySchema.parse({ ...patient, openedAt: now.toISOString() });
  const list = [entry, ...readRecentPatients(key, storage).filter((p) => p.id !== entry.id)].slice(
    0,
    RECENT_LIMIT,
  );
  try {
    storage.setItem(key, JSON.stringify(list));
  } catch {
    // storage full or disabled: the list simply is not remembered
  }
  return list;
}

export function clearRecentPatients(key: string, storage: Storage = localStorage): void {
  storage.removeItem(key);
}
