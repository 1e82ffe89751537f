/**
 * EHR launch by deep link: the EHR (or the sandbox's launch simulator) opens
 * `clinician-workstation://launch?iss=<FHIR base>&launch=<opaque id>`
 * (SMART App Launch, EHR launch: https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch).
 *
 * The OS hands the URL to the running instance: in `argv` of a second instance on Windows and
 * Linux, as `open-url` on macOS. The single-instance lock makes sure one window gets it.
 */
import { resolve } from 'node:path';
import { eventContract, type EventPayload } from '../shared/ipc/contract';
import type { PreventableEvent } from './window-factory';

export const DEEP_LINK_SCHEME = 'clinician-workstation';

export type EhrLaunch = EventPayload<'launch:ehr'>;

/** Parse and validate a deep link. Only `<scheme>://launch` with an http(s) `iss` passes. */
export function parseLaunchDeepLink(
  link: string,
): { ok: true; value: EhrLaunch } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { ok: false, error: 'not a URL' };
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.hostname.toLowerCase() !== 'launch') {
    return { ok: false, error: `not a ${DEEP_LINK_SCHEME}://launch link` };
  }
  if (url.pathname !== '' && url.pathname !== '/') {
    return { ok: false, error: 'unexpected path' };
  }
  const parsed = eventContract['launch:ehr'].safeParse({
    iss: url.searchParams.get('iss') ?? undefined,
    launch: url.searchParams.get('launch') ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid ${issue?.path.join('.') ?? 'launch'}` };
  }
  const iss = new URL(parsed.data.iss);
  if ((iss.protocol !== 'https:' && iss.protocol !== 'http:') || iss.username || iss.password) {
    return { ok: false, error: 'iss must be an http(s) URL without credentials' };
  }
  return { ok: true, value: parsed.data };
}

/** The deep link among command-line arguments (Windows/Linux pass it as one argument). */
export function findDeepLink(argv: readonly string[]): string | undefined {
  const prefix = `${DEEP_LINK_SCHEME}:`;
  return argv.find((arg) => arg.toLowerCase().startsWith(prefix));
}

/**
 * Holds launches until the renderer is ready for them. The renderer takes the cold-start
 * launch with `launch:pending`; from then on launches are pushed as `launch:ehr` events.
 */
export class LaunchInbox {
  private pending: EhrLaunch | null = null;
  private rendererReady = false;

  constructor(private readonly push: (launch: EhrLaunch) => void) {}

  receive(launch: EhrLaunch): void {
    if (this.rendererReady) this.push(launch);
    else this.pending = launch; // the latest launch is the one the user meant
  }

  /** For `launch:pending`: hands over the waiting launch once and switches to pushing. */
  take(): EhrLaunch | null {
    const launch = this.pending;
    this.pending = null;
    this.rendererReady = true;
    return launch;
  }

  /** The renderer reloaded: hold launches again until it asks. */
  rendererReset(): void {
    this.rendererReady = false;
  }
}

/** The slice of Electron's `app` used here. */
export interface DeepLinkApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(
    event: 'second-instance',
    listener: (event: PreventableEvent, argv: string[], workingDirectory: string) => void,
  ): unknown;
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
}

export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export interface DeepLinkDeps {
  app: DeepLinkApp;
  /** `process.argv` of this instance (a cold start on Windows/Linux carries the link here). */
  argv: readonly string[];
  /** `process.defaultApp`: true when run as `electron <path>` during development. */
  defaultApp: boolean;
  execPath: string;
  inbox: LaunchInbox;
  getWindow: () => FocusableWindow | undefined;
  log?: (line: string) => void;
}

/**
 * Take the single-instance lock and wire deep links. Returns false when another instance
 * holds the lock: this one has already been told to quit (the other gets our argv).
 * Call before `app` is ready so a macOS cold-start `open-url` is not missed.
 */
export function setupSingleInstanceAndDeepLinks(deps: DeepLinkDeps): boolean {
  const log = deps.log ?? (() => undefined);
  if (!deps.app.requestSingleInstanceLock()) {
    deps.app.quit();
    return false;
  }
  const entry = deps.argv[1];
  if (deps.defaultApp && entry !== undefined) {
    // `electron .` in development: the OS must start Electron with our entry script.
    deps.app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, deps.execPath, [resolve(entry)]);
  } else {
    deps.app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }

  const accept = (link: string): void => {
    const parsed = parseLaunchDeepLink(link);
    if (!parsed.ok) {
      log(`[deep-link] ignored launch link: ${parsed.error}`);
      return;
    }
    deps.inbox.receive(parsed.value);
  };

  deps.app.on('second-instance', (_event, argv) => {
    const window = deps.getWindow();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
    const link = findDeepLink(argv);
    if (link) accept(link);
  });
  deps.app.on('open-url', (event, url) => {
    event.preventDefault();
    accept(url);
  });
  const initial = findDeepLink(deps.argv);
  if (initial) accept(initial);
  return true;
}
