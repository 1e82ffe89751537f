/**
 * What the patient page learns from its own address. The join ticket travels in the URL
 * fragment (`#ticket=…`), which browsers never send to a server or put in a Referer; the page
 * hands it only to the signaling `join`. The page is served by the signaling service, so the
 * WebSocket is `/ws` on the same host.
 */
import { signalingWsUrl } from '../../../shared/signaling/protocol';

export interface JoinLink {
  /** Undefined when the link lacks a usable ticket (cut off when copied, for instance). */
  ticket: string | undefined;
  wsUrl: string;
}

/** A JWT's characters (base64url and dots), within the length the server accepts. */
const TICKET = /^[A-Za-z0-9._-]{20,4096}$/;

export function readJoinLink(location: Pick<Location, 'hash' | 'protocol' | 'host'>): JoinLink {
  const ticket = new URLSearchParams(location.hash.replace(/^#/, '')).get('ticket') ?? '';
  return {
    ticket: TICKET.test(ticket) ? ticket : undefined,
    wsUrl: signalingWsUrl(`${location.protocol}//${location.host}`),
  };
}
