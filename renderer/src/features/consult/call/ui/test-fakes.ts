/**
 * Test doubles for the call UI: a CallSession stand-in whose snapshot tests drive, and
 * MediaStream/track/device fakes (jsdom has no WebRTC or media capture). Not shipped: only
 * tests import this file.
 */
import type { Participant, Readiness } from '../../../../../../shared/signaling/protocol';
import type { CallSession, CallSnapshot, ChatMessage, PeerView } from '../call-session';

export class FakeTrack extends EventTarget {
  enabled = true;
  readyState: MediaStreamTrackState = 'live';
  readonly id: string;
  constructor(
    readonly kind: 'audio' | 'video',
    readonly deviceId = `${kind}-default`,
    readonly label = '',
  ) {
    super();
    this.id = `${kind}-${Math.random().toString(36).slice(2, 10)}`;
  }
  stop(): void {
    this.readyState = 'ended';
  }
  getSettings(): MediaTrackSettings {
    return { deviceId: this.deviceId };
  }
  /** The device went away (unplugged, taken by another app). */
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

export class FakeStream extends EventTarget {
  readonly id = `stream-${Math.random().toString(36).slice(2, 10)}`;
  private readonly tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    super();
    this.tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack): void {
    if (!this.tracks.includes(track)) this.tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    const i = this.tracks.indexOf(track);
    if (i >= 0) this.tracks.splice(i, 1);
  }
  /** Typed as the real thing for code under test. */
  asMediaStream(): MediaStream {
    return this as unknown as MediaStream;
  }
}

/** A stream with a microphone and a camera track. */
export function fakeStream(
  kinds: readonly ('audio' | 'video')[] = ['audio', 'video'],
): MediaStream {
  return new FakeStream(kinds.map((k) => new FakeTrack(k))).asMediaStream();
}

export function fakeDevice(kind: MediaDeviceKind, deviceId: string, label = ''): MediaDeviceInfo {
  return { kind, deviceId, label, groupId: 'g', toJSON: () => ({}) };
}

export function participant(overrides: Partial<Participant> = {}): Participant {
  return {
    id: 'participant-1',
    role: 'host',
    name: 'Dr. Weber',
    state: 'admitted',
    since: 0,
    ...overrides,
  };
}

export function peerView(overrides: Partial<PeerView> = {}): PeerView {
  return {
    participant: participant(),
    connection: 'connected',
    stream: fakeStream(),
    remoteVideoDropped: false,
    framesDecoded: 0,
    ...overrides,
  };
}

export function chatMessage(overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m-${Math.random().toString(36).slice(2, 10)}`,
    fromId: 'participant-1',
    fromName: 'Dr. Weber',
    text: 'Hello',
    at: Date.UTC(2025, 0, 1, 10, 42),
    mine: false,
    ...overrides,
  };
}

type FakedMethods =
  | 'subscribe'
  | 'getSnapshot'
  | 'start'
  | 'leave'
  | 'setMic'
  | 'setCam'
  | 'sendChat'
  | 'updateReadiness'
  | 'startScreenShare'
  | 'stopScreenShare';

/**
 * A CallSession as far as the UI can tell: the snapshot is whatever the test sets with
 * `set()`; the methods behave like the real ones (mic and camera need a track in
 * `localStream`, chat needs a connected peer) and are recorded in `calls`.
 */
export class FakeCallSession implements Pick<CallSession, FakedMethods> {
  private snapshot: CallSnapshot = {
    phase: 'connecting',
    signaling: 'connecting',
    participants: [],
    peers: [],
    chat: [],
    micOn: false,
    camOn: false,
    sharingScreen: false,
    videoDropped: false,
    excerpts: [],
  };
  private readonly listeners = new Set<() => void>();
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly readiness: { readiness: Readiness; name: string | undefined }[] = [];

  constructor(private readonly localStream?: MediaStream) {
    this.snapshot.micOn = (localStream?.getAudioTracks().length ?? 0) > 0;
    this.snapshot.camOn = (localStream?.getVideoTracks().length ?? 0) > 0;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CallSnapshot => this.snapshot;

  /** Changes the snapshot as the real session would (wrap in `act` while rendered). */
  set(change: Partial<CallSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }

  called(method: FakedMethods): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  start(): void {
    this.calls.push({ method: 'start', args: [] });
  }

  leave(): void {
    this.calls.push({ method: 'leave', args: [] });
    this.set({ phase: 'left' });
  }

  setMic(on: boolean): void {
    this.calls.push({ method: 'setMic', args: [on] });
    const tracks = this.localStream?.getAudioTracks() ?? [];
    for (const t of tracks) t.enabled = on;
    this.set({ micOn: on && tracks.length > 0 });
  }

  setCam(on: boolean): void {
    this.calls.push({ method: 'setCam', args: [on] });
    const tracks = this.localStream?.getVideoTracks() ?? [];
    for (const t of tracks) t.enabled = on && !this.snapshot.videoDropped;
    this.set({ camOn: on && tracks.length > 0 });
  }

  sendChat(text: string): boolean {
    this.calls.push({ method: 'sendChat', args: [text] });
    if (!this.snapshot.peers.some((p) => p.connection === 'connected')) return false;
    this.set({
      chat: [...this.snapshot.chat, chatMessage({ text: text.trim(), mine: true, fromName: '' })],
    });
    return true;
  }

  updateReadiness(readiness: Readiness, name?: string): void {
    this.calls.push({ method: 'updateReadiness', args: [readiness, name] });
    this.readiness.push({ readiness, name });
  }

  startScreenShare(display: MediaStream): Promise<void> {
    this.calls.push({ method: 'startScreenShare', args: [display] });
    this.set({ sharingScreen: true });
    return Promise.resolve();
  }

  stopScreenShare(): Promise<void> {
    this.calls.push({ method: 'stopScreenShare', args: [] });
    this.set({ sharingScreen: false });
    return Promise.resolve();
  }
}

/** `navigator.mediaDevices` as far as the device picker reads it. */
export function fakeMediaDevices(devices: MediaDeviceInfo[]): {
  enumerateDevices: () => Promise<MediaDeviceInfo[]>;
  addEventListener: () => void;
  removeEventListener: () => void;
} {
  return {
    enumerateDevices: () => Promise.resolve(devices),
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
}
