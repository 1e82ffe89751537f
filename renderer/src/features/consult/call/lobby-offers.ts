/**
 * The host's record of the offers guests send from the lobby (call protocol 3, see `initiates`
 * in shared/signaling/protocol.ts): per guest, the signals of their latest connection, in
 * order, without repeats. A guest sends them again whenever the room changes (the host may
 * have come back with nothing) and once admitted, so repeats are normal and skipped; a new
 * connection id replaces the old one (the guest switched a device or their offer was renewed).
 */

/** Signals kept per guest: an offer and its candidates are a handful; more is not an offer. */
export const MAX_LOBBY_SIGNALS = 32;

export interface LobbyOffer {
  pcId: string;
  /** The offer first, then candidates (and whatever else came), as received. */
  signals: readonly unknown[];
}

interface Entry {
  pcId: string;
  signals: unknown[];
  seen: Set<string>;
}

export type LobbySignalResult = 'new-connection' | 'added' | 'repeat';

export class LobbyOffers {
  private readonly byGuest = new Map<string, Entry>();

  /**
   * Records one signal of `guestId`'s connection `pcId`: 'new-connection' when it is the first
   * of a connection (what was prepared for an earlier one is stale), 'added', or 'repeat'
   * (already recorded, or beyond MAX_LOBBY_SIGNALS: nothing to do).
   */
  add(guestId: string, pcId: string, data: unknown): LobbySignalResult {
    let entry = this.byGuest.get(guestId);
    const fresh = entry?.pcId !== pcId;
    if (!entry || fresh) {
      entry = { pcId, signals: [], seen: new Set() };
      this.byGuest.set(guestId, entry);
    }
    const key = JSON.stringify(data);
    if (entry.seen.has(key) || entry.signals.length >= MAX_LOBBY_SIGNALS) return 'repeat';
    entry.seen.add(key);
    entry.signals.push(data);
    return fresh ? 'new-connection' : 'added';
  }

  /** Whether `data` on `pcId` was already received from the lobby (a guest's repeat). */
  isRepeat(guestId: string, pcId: string, data: unknown): boolean {
    const entry = this.byGuest.get(guestId);
    return entry?.pcId === pcId && entry.seen.has(JSON.stringify(data));
  }

  get(guestId: string): LobbyOffer | undefined {
    const entry = this.byGuest.get(guestId);
    return entry && { pcId: entry.pcId, signals: entry.signals };
  }

  /** Forgets everyone not in `present` (they left, were denied or removed). */
  keepOnly(present: (guestId: string) => boolean): void {
    for (const id of this.byGuest.keys()) if (!present(id)) this.byGuest.delete(id);
  }

  clear(): void {
    this.byGuest.clear();
  }
}
