/**
 * The monitoring link arrives as `patient.html#companion=<ticket>`: in the fragment, so no
 * server, Referer or access log ever sees it (server/signaling/companion/README.md). The page
 * takes the ticket, then removes it from the address bar (`history.replaceState`), so it is not
 * left in view, in a screenshot, or in what the patient copies from the address bar. For a
 * reload the ticket is kept in this tab's sessionStorage (the pattern of visit-resume.ts): per
 * tab, gone when the tab closes. Unlike a consult ticket it is not one-time, so keeping it is
 * all a reload needs.
 */

const KEY = 'cw.companion.ticket';

/** A JWT's characters (base64url and dots), within the length the server accepts. */
const TICKET = /^[A-Za-z0-9._-]{20,4096}$/;

type TicketStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** What the page was opened for. */
export type CompanionLink =
  /** The companion page; `ticket` undefined when the link was cut off or damaged. */
  | { ticket: string | undefined }
  /** Not a monitoring link: the video-consult page. */
  | undefined;

function stored(storage: TicketStorage): string | undefined {
  try {
    const value = storage.getItem(KEY);
    return value !== null && TICKET.test(value) ? value : undefined;
  } catch {
    return undefined; // Storage blocked: a reload then needs the link again.
  }
}

/**
 * Decides between the companion and the consult page, and takes the companion ticket out of
 * the address bar. Order: a `companion=` fragment; a `ticket=` fragment (a consult link, even
 * in a tab that showed the companion before); the ticket kept in this tab (a reload after the
 * fragment was cleared); else not a companion page.
 */
export function takeCompanionLink(env: {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: TicketStorage;
}): CompanionLink {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const fromLink = params.get('companion');
  if (fromLink === null) {
    if (params.has('ticket')) return undefined;
    const kept = stored(env.storage);
    return kept === undefined ? undefined : { ticket: kept };
  }
  env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}`);
  if (!TICKET.test(fromLink)) return { ticket: undefined };
  try {
    env.storage.setItem(KEY, fromLink);
  } catch {
    // Storage full or blocked: this page works; a reload needs the link again.
  }
  return { ticket: fromLink };
}
