/**
 * Screen sharing in Electron. Chromium shows no picker for `getDisplayMedia()` inside
 * Electron, and on Linux/Wayland its fallbacks are fragile (jitsi-meet-electron #200, #829),
 * so the app brings its own: the renderer lists the sources (`screen:sources`, from
 * `desktopCapturer`), the user picks one in the app's modal, the renderer names it
 * (`screen:choose`) and then calls `getDisplayMedia()`; the session's display-media request
 * handler answers that call with the chosen source.
 *
 * The handler grants nothing on its own. It answers with a source only when
 * - the request comes from a frame of the app origin (never an embedded foreign frame),
 * - the renderer chose a source just before (at most {@link CHOICE_TTL_MS} ago), and
 * - that choice has not answered a request yet: one choice, one stream.
 * Everything else is refused with `callback(null)`. (Not `callback({})`: Electron throws
 * "Video was requested, but no video stream was provided" into main for an object without
 * `video`; null is its documented refusal, which the page sees as a rejected promise.)
 */
import {
  screenSourceIdSchema,
  MAX_SCREEN_THUMBNAIL_CHARS,
  type InvokeResponse,
} from '../shared/ipc/contract';
import { isAppOrigin } from './app-origin';
import type { ChannelImplementations, DisplayMediaChannel } from './ipc';

/** Thumbnail size asked of `desktopCapturer`: enough to recognise a window, small over IPC. */
export const THUMBNAIL_SIZE = { width: 320, height: 180 } as const;
/** How long a choice waits for its `getDisplayMedia()` call. */
export const CHOICE_TTL_MS = 5_000;
/** Window titles longer than this are cut (some apps put whole documents in them). */
export const MAX_SOURCE_NAME = 200;
const EMPTY_PNG = 'data:image/png;base64,';

export type ScreenSourceList = InvokeResponse<'screen:sources'>;

/** The slice of a `DesktopCapturerSource` used here. */
export interface CapturerSourceLike {
  readonly id: string;
  readonly name: string;
  readonly thumbnail: { toDataURL(): string };
}

/** The slice of Electron's `desktopCapturer`; the real one satisfies it. */
export interface DesktopCapturerLike {
  getSources(options: {
    types: ('screen' | 'window')[];
    thumbnailSize: { width: number; height: number };
    fetchWindowIcons?: boolean;
  }): Promise<CapturerSourceLike[]>;
}

/** The part of Electron's `DisplayMediaRequestHandlerHandlerRequest` the checks read. */
export interface DisplayMediaRequestLike {
  /** `null` when the frame navigated away or was destroyed. */
  readonly frame: { readonly url: string } | null;
  readonly videoRequested: boolean;
}

/** A grant (`{ video: { id, name } }`) or a refusal (`null`). */
export type DisplayMediaCallback = (
  streams: { video: { id: string; name: string } } | null,
) => void;

/** The slice of `Session`; the real `session.defaultSession` satisfies it. */
export interface DisplayMediaSessionLike {
  setDisplayMediaRequestHandler(
    handler: (request: DisplayMediaRequestLike, callback: DisplayMediaCallback) => void,
  ): void;
}

export interface DisplayMediaDeps {
  session: DisplayMediaSessionLike;
  desktopCapturer: DesktopCapturerLike;
  /** Clock for the choice's expiry; `Date.now` unless a test passes its own. */
  now?: () => number;
  log?: (line: string) => void;
}

interface Choice {
  readonly id: string;
  readonly name: string;
  readonly at: number;
}

export class DisplayMediaBroker {
  /** Sources of the last `screen:sources` answer: id → name. */
  private listed = new Map<string, string>();
  private choice: Choice | undefined;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  constructor(private readonly deps: DisplayMediaDeps) {
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? (() => undefined);
  }

  /** Installs the display-media request handler on the session. */
  install(): this {
    this.deps.session.setDisplayMediaRequestHandler((request, callback) => {
      this.answer(request, callback);
    });
    return this;
  }

  /**
   * The shareable screens and windows, for the picker. A new listing voids an earlier
   * choice: the user is picking again.
   */
  async listSources(): Promise<ScreenSourceList> {
    const sources = await this.deps.desktopCapturer.getSources({
      types: ['screen', 'window'],
      thumbnailSize: { ...THUMBNAIL_SIZE },
      fetchWindowIcons: false,
    });
    this.choice = undefined;
    this.listed = new Map();
    const list: ScreenSourceList = [];
    for (const source of sources) {
      if (!screenSourceIdSchema.safeParse(source.id).success) continue;
      const name = source.name.slice(0, MAX_SOURCE_NAME);
      this.listed.set(source.id, name);
      list.push({
        id: source.id,
        name,
        kind: source.id.startsWith('screen:') ? 'screen' : 'window',
        thumbnail: thumbnailOf(source),
      });
    }
    return list;
  }

  /**
   * Remembers what the next `getDisplayMedia()` gets, or forgets it (`null`, the user
   * cancelled). Only ids from the last listing are accepted.
   */
  choose(sourceId: string | null): void {
    this.choice = undefined;
    if (sourceId === null) return;
    const name = this.listed.get(sourceId);
    if (name === undefined) throw new Error('That screen or window is not offered for sharing');
    this.choice = { id: sourceId, name, at: this.now() };
  }

  /** The implementations of the `screen:*` channels (see main/ipc.ts). */
  invokeHandlers(): ChannelImplementations<DisplayMediaChannel> {
    return {
      'screen:sources': () => this.listSources(),
      'screen:choose': ({ sourceId }) => {
        this.choose(sourceId);
        return null;
      },
    };
  }

  /** The display-media request handler (exported through {@link install}; public for tests). */
  answer(request: DisplayMediaRequestLike, callback: DisplayMediaCallback): void {
    // Taken before any check: whatever happens to this request, the choice is spent.
    const choice = this.choice;
    this.choice = undefined;
    const refusal = this.refusalReason(request, choice);
    if (refusal !== undefined || choice === undefined) {
      this.log(`[display-media] refused: ${refusal ?? 'no choice'}`);
      callback(null);
      return;
    }
    callback({ video: { id: choice.id, name: choice.name } });
  }

  private refusalReason(
    request: DisplayMediaRequestLike,
    choice: Choice | undefined,
  ): string | undefined {
    const frameUrl = frameUrlOf(request);
    if (!isAppOrigin(frameUrl)) return `request from ${frameUrl || '(no frame)'}`;
    if (!request.videoRequested) return 'no video requested';
    if (choice === undefined) return 'no source chosen';
    const age = this.now() - choice.at;
    if (age < 0 || age > CHOICE_TTL_MS) return `choice is ${String(age)} ms old`;
    return undefined;
  }
}

/** The frame's URL, or '' when the frame is gone (WebFrameMain's getters throw then). */
function frameUrlOf(request: DisplayMediaRequestLike): string {
  try {
    return request.frame?.url ?? '';
  } catch {
    return '';
  }
}

function thumbnailOf(source: CapturerSourceLike): string {
  let url: string;
  try {
    url = source.thumbnail.toDataURL();
  } catch {
    return EMPTY_PNG;
  }
  return url.startsWith(EMPTY_PNG) && url.length <= MAX_SCREEN_THUMBNAIL_CHARS ? url : EMPTY_PNG;
}
