/**
 * The host's record of the offers guests send from the lobby (call protocol 3, see `initiates`
 * in shared/signaling/protocol.ts): per guest, the signals of their latest connection, in
 * order, without repeats. A guest sends them again whenever the room changes (the host may
 * have come back with nothing) and once admitted, so repeats are normal and skipped; a new
 * connection id replaces the old one (the guest switched a device or their offer was renewed).
 */

/** Signals kept per guest: an offer and its candidates are a handful; more is not an offer. */
export const MAX_LOBBY_SIGNALS = 32;
/**
 * The largest lobby offer the host sets: ours (audio, video, chat) is 4–8 kB with three media
 * sections. Anyone with a link can send one, before anyone vetted them.
 */
export const MAX_LOBBY_OFFER_BYTES = 16 * 1024;
export const MAX_LOBBY_OFFER_SECTIONS = 4;

export interface LobbyOffer {
  pcId: string;
  /** The offer first, then candidates, as received. */
  signals: readonly unknown[];
  /** Answering it failed: not prepared again (a new connection of theirs starts afresh). */
  failed: boolean;
}

interface Entry {
  pcId: string;
  signals: unknown[];
  seen: Set<string>;
  failed: boolean;
}

export type LobbySignalResult = 'new-connection' | 'added' | 'ignored';

/** Only an offer of a plausible size and its candidates come from the lobby. */
function plausible(data: unknown): boolean {
  const signal = data as { type?: unknown; sdp?: unknown };
  if (signal.type === 'candidate') return true;
  if (signal.type !== 'offer' || typeof signal.sdp !== 'string') return false;
  return (
    signal.sdp.length <= MAX_LOBBY_OFFER_BYTES &&
    signal.sdp.split(/\r?\nm=/).length - 1 <= MAX_LOBBY_OFFER_SECTIONS
  );
}

export class LobbyOffers {
  private readonly byGuest = new Map<string, Entry>();

  /**
   * Records one signal of `guestId`'s connection `pcId`: 'new-connection' when it is the first
   * of a connection (what was prepared for an earlier one is stale), 'added', or 'ignored'
   * (a repeat, beyond MAX_LOBBY_SIGNALS, or not an offer or candidate of plausible size).
   */
  add(guestId: string, pcId: string, data: unknown): LobbySignalResult {
    if (!plausible(data)) return 'ignored';
    let entry = this.byGuest.get(guestId);
    const fresh = entry?.pcId !== pcId;
    if (!entry || fresh) {
      entry = { pcId, signals: [], seen: new Set(), failed: false };
      this.byGuest.set(guestId, entry);
    }
    const key = JSON.stringify(data);
    if (entry.seen.has(key) || entry.signals.length >= MAX_LOBBY_SIGNALS) return 'ignored';
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
    return entry && { pcId: entry.pcId, signals: entry.signals, failed: entry.failed };
  }

  /** Answering `pcId` failed (e.g. an offer the browser refuses). */
  markFailed(guestId: string, pcId: string): void {
    const entry = this.byGuest.get(guestId);
    if (entry?.pcId === pcId) entry.failed = true;
  }

  /** Forgets everyone not in `present` (they left, were denied or removed). */
  keepOnly(present: (guestId: string) => boolean): void {
    for (const id of this.byGuest.keys()) if (!present(id)) this.byGuest.delete(id);
  }

  clear(): void {
    this.byGuest.clear();
  }
}

/** A trickled candidate as simple-peer signals it. */
export interface CandidateSignal {
  type: 'candidate';
  candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number };
}

/**
 * An SDP without its candidate lines, and those candidates as trickled ones. An offer made
 * after its candidates were gathered (a candidate pool) carries them inline: setting it as it
 * is would start ICE checks toward someone still in the lobby, so the host sets it without
 * them and keeps them for admission (RFC 8839 §5.1: `a=candidate` is a media-level line).
 */
export function withoutInlineCandidates(sdp: string): {
  sdp: string;
  candidates: CandidateSignal[];
} {
  const kept: string[] = [];
  const candidates: CandidateSignal[] = [];
  let section: { index: number; mid: string | null; lines: string[] } | undefined;
  let index = -1;
  const close = (): void => {
    if (!section) return;
    const { mid, index: sdpMLineIndex } = section;
    for (const line of section.lines) {
      candidates.push({
        type: 'candidate',
        candidate: { candidate: line, sdpMid: mid, sdpMLineIndex },
      });
    }
  };
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      close();
      index++;
      section = { index, mid: null, lines: [] };
    } else if (section && line.startsWith('a=mid:')) {
      section.mid = line.slice('a=mid:'.length);
    } else if (line.startsWith('a=candidate:')) {
      section?.lines.push(line.slice('a='.length));
      continue;
    } else if (line === 'a=end-of-candidates') {
      continue;
    }
    kept.push(line);
  }
  close();
  return { sdp: kept.join('\r\n'), candidates };
}
