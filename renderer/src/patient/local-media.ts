/**
 * The patient's camera and microphone, framework-free. The call is built on one MediaStream
 * created up front (`stream`), empty at first: the CallSession can be constructed and knock at
 * once, and the tracks join the stream as soon as the browser's permission prompt is answered
 * (CallSession reads the stream's tracks whenever it uses them, and peers are only created
 * after admission). Asking for both devices in one request gives the patient one prompt; a
 * refused, missing or busy device is told apart so the page can say what to do.
 */

export type DeviceStatus = 'pending' | 'ok' | 'denied' | 'missing' | 'busy' | 'unsupported';
export type MediaKind = 'audio' | 'video';

export interface MediaDeps {
  getUserMedia: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  enumerateDevices: () => Promise<MediaDeviceInfo[]>;
  /** The (empty) stream the call is built on. */
  createStream: () => MediaStream;
}

export interface LocalMediaSnapshot {
  microphone: DeviceStatus;
  camera: DeviceStatus;
  /** Cameras and microphones (labels only once access was allowed). */
  devices: readonly MediaDeviceInfo[];
  selected: { audioinput?: string; videoinput?: string };
  /** Ids of the tracks in `stream`: they change when a device is switched, lost or added. */
  audioTrackId?: string;
  videoTrackId?: string;
}

const CONSTRAINTS: Record<MediaKind, MediaTrackConstraints> = {
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' },
};

const STATUS_KEY = { audio: 'microphone', video: 'camera' } as const;
const DEVICE_KIND = { audio: 'audioinput', video: 'videoinput' } as const;

/** getUserMedia's errors, by DOMException name. */
export function deviceStatusOf(error: unknown): DeviceStatus {
  const name =
    typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    case 'NotSupportedError':
    case 'TypeError':
      return 'unsupported';
    default:
      return 'missing'; // NotFoundError, OverconstrainedError
  }
}

export class LocalMedia {
  readonly stream: MediaStream;
  private snapshot: LocalMediaSnapshot = {
    microphone: 'pending',
    camera: 'pending',
    devices: [],
    selected: {},
  };
  private readonly listeners = new Set<() => void>();
  private stopped = false;

  constructor(private readonly deps: MediaDeps) {
    this.stream = deps.createStream();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LocalMediaSnapshot => this.snapshot;

  private update(change: Partial<LocalMediaSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }

  private track(kind: MediaKind): MediaStreamTrack | undefined {
    return kind === 'audio' ? this.stream.getAudioTracks()[0] : this.stream.getVideoTracks()[0];
  }

  /**
   * Asks for every device not already in use: both in one request (one prompt); when that
   * fails for a reason other than a refusal, each alone, since one of them may still work.
   */
  async acquire(): Promise<void> {
    const wanted = (['audio', 'video'] as const).filter((kind) => !this.track(kind));
    if (wanted.length === 0 || this.stopped) return;
    this.setStatus(wanted, 'pending');
    try {
      this.adopt(
        await this.deps.getUserMedia(
          Object.fromEntries(wanted.map((kind) => [kind, CONSTRAINTS[kind]])),
        ),
      );
    } catch (error) {
      const status = deviceStatusOf(error);
      if (wanted.length === 2 && status !== 'denied' && status !== 'unsupported') {
        await this.acquireOne('audio');
        await this.acquireOne('video');
      } else {
        this.setStatus(wanted, status);
      }
    }
    await this.refreshDevices();
  }

  /** Asks for one kind of device (e.g. the microphone for "audio only"); true when it works. */
  async acquireOne(kind: MediaKind, deviceId?: string): Promise<boolean> {
    if (this.stopped) return false;
    const constraints = deviceId
      ? { ...CONSTRAINTS[kind], deviceId: { exact: deviceId } }
      : CONSTRAINTS[kind];
    try {
      this.adopt(await this.deps.getUserMedia({ [kind]: constraints }));
      return true;
    } catch (error) {
      if (!deviceId) this.setStatus([kind], deviceStatusOf(error));
      return false;
    }
  }

  /**
   * Switches to another camera or microphone. Phones often cannot open two cameras at once,
   * so when the new one is busy the old one is released and the new one asked for again.
   * On failure the previous device stays in use when possible; false tells the page.
   */
  async useDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<boolean> {
    const media: MediaKind = kind === 'audioinput' ? 'audio' : 'video';
    if (this.snapshot.selected[kind] === deviceId) return true;
    if (await this.acquireOne(media, deviceId)) return true;
    const old = this.track(media);
    if (!old) return false;
    this.drop(media);
    if (await this.acquireOne(media, deviceId)) return true;
    const previous = old.getSettings().deviceId;
    if (!previous || !(await this.acquireOne(media, previous))) await this.acquireOne(media);
    return false;
  }

  /** Stops and removes one kind of track ("audio only" drops the camera). */
  drop(kind: MediaKind): void {
    this.removeTracks(kind);
    this.publishTracks();
  }

  private removeTracks(kind: MediaKind): void {
    const tracks = kind === 'audio' ? this.stream.getAudioTracks() : this.stream.getVideoTracks();
    for (const track of tracks) {
      track.stop();
      this.stream.removeTrack(track);
    }
  }

  /** Camera light off, microphone closed, for good (the visit is over). */
  stop(): void {
    this.stopped = true;
    this.drop('audio');
    this.drop('video');
  }

  private adopt(incoming: MediaStream): void {
    for (const track of incoming.getTracks()) {
      if (this.stopped) {
        track.stop(); // granted after the visit ended
        continue;
      }
      const kind = track.kind as MediaKind;
      // Replaced in one step (no moment without a track), so listeners see one change.
      this.removeTracks(kind);
      this.stream.addTrack(track);
      track.addEventListener('ended', () => {
        // Unplugged, or taken by the system: say so instead of showing a frozen picture.
        if (!this.stream.getTracks().includes(track)) return;
        this.stream.removeTrack(track);
        this.setStatus([kind], 'missing');
        this.publishTracks();
      });
      const deviceId = track.getSettings().deviceId;
      if (deviceId)
        this.update({ selected: { ...this.snapshot.selected, [DEVICE_KIND[kind]]: deviceId } });
      this.setStatus([kind], 'ok');
    }
    this.publishTracks();
  }

  private publishTracks(): void {
    const audio = this.track('audio')?.id;
    const video = this.track('video')?.id;
    if (audio === this.snapshot.audioTrackId && video === this.snapshot.videoTrackId) return;
    const { audioTrackId: _a, videoTrackId: _v, ...rest } = this.snapshot;
    this.snapshot = {
      ...rest,
      ...(audio ? { audioTrackId: audio } : {}),
      ...(video ? { videoTrackId: video } : {}),
    };
    for (const listener of this.listeners) listener();
  }

  private setStatus(kinds: readonly MediaKind[], status: DeviceStatus): void {
    const change: Partial<LocalMediaSnapshot> = {};
    for (const kind of kinds) change[STATUS_KEY[kind]] = status;
    this.update(change);
  }

  private async refreshDevices(): Promise<void> {
    try {
      const all = await this.deps.enumerateDevices();
      this.update({ devices: all.filter((d) => d.kind !== 'audiooutput' && d.deviceId !== '') });
    } catch {
      // No list: the device choice stays hidden, the default devices are used.
    }
  }
}
