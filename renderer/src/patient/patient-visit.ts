/**
 * The patient's visit, framework-free: it knocks first and checks afterwards. `start()` opens
 * the signaling session at once (the patient appears in the clinician's lobby without clicking
 * anything), then asks for camera and microphone and measures the connection while already
 * waiting; every result goes to the lobby card with `updateReadiness`.
 *
 * Two safety rules live here rather than in components:
 * - nothing is sent from camera or microphone before consent: if the clinician admits the
 *   patient before the consent step, both stay off until the patient agrees;
 * - when the visit is over (left, ended, removed, denied, unusable link) the camera and
 *   microphone are released at once.
 */
import { classify, type QualityLevel } from '../../../shared/consult/call-quality';
import type { Readiness } from '../../../shared/signaling/protocol';
import type { CallPhase, CallSession } from '../features/consult/call/call-session';
import type { CallUiSession } from '../features/consult/call/ui/call-ui-model';
import type { DeviceStatus, LocalMedia, LocalMediaSnapshot } from './local-media';

export type PatientSession = CallUiSession &
  Pick<CallSession, 'start' | 'updateReadiness'> &
  Partial<Pick<CallSession, 'signalingRttMs' | 'replaceLocalTrack'>>;

export type NetworkCheck =
  | { state: 'checking' }
  | { state: 'done'; level: QualityLevel; rttMs: number }
  | { state: 'failed' };

/** How the patient joins: the devices that work, or fewer by choice. */
export type JoinMode = 'full' | 'audio-only' | 'chat-only';

export interface VisitSnapshot {
  media: LocalMediaSnapshot;
  network: NetworkCheck;
  mode: JoinMode;
  consented: boolean;
  name: string | undefined;
}

export interface PatientVisitOptions {
  session: PatientSession;
  media: LocalMedia;
  /**
   * Round trip to the signaling service, ms: the fallback when the session does not report
   * its own (ping/pong on the socket) within `signalingRttWaitMs`.
   */
  measureRtt: () => Promise<number>;
  /** How long to wait for the session's first ping/pong, ms (default 3000). */
  signalingRttWaitMs?: number;
}

const OVER: ReadonlySet<CallPhase> = new Set(['denied', 'removed', 'ended', 'left', 'failed']);

function readinessOfDevice(status: DeviceStatus): Readiness['camera'] {
  if (status === 'pending') return 'unchecked';
  if (status === 'ok' || status === 'denied') return status;
  return 'missing';
}

/** What the clinician's lobby card shows about this patient. */
export function readinessOf(
  visit: Pick<VisitSnapshot, 'media' | 'network' | 'consented'>,
): Readiness {
  return {
    camera: readinessOfDevice(visit.media.camera),
    microphone: readinessOfDevice(visit.media.microphone),
    network: visit.network.state === 'done' ? visit.network.level : 'unchecked',
    ...(visit.network.state === 'done' ? { rttMs: visit.network.rttMs } : {}),
    consent: visit.consented,
  };
}

export class PatientVisit {
  readonly session: PatientSession;
  readonly media: LocalMedia;
  private snapshot: VisitSnapshot;
  private readonly listeners = new Set<() => void>();
  private sentReadiness: string;
  private tracks: { audio?: string | undefined; video?: string | undefined } = {};
  /** Admitted before consent: camera and microphone held off. */
  private held = false;
  private over = false;

  constructor(private readonly options: PatientVisitOptions) {
    this.session = options.session;
    this.media = options.media;
    this.snapshot = {
      media: options.media.getSnapshot(),
      network: { state: 'checking' },
      mode: 'full',
      consented: false,
      name: undefined,
    };
    this.sentReadiness = this.readinessKey();
    this.media.subscribe(this.onMedia);
    this.session.subscribe(this.onCall);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): VisitSnapshot => this.snapshot;

  /** Knock first, then check devices and network while the clinician already sees the knock. */
  start(): void {
    this.session.start();
    void this.media.acquire();
    void this.checkNetwork();
  }

  retryDevices(): Promise<void> {
    return this.media.acquire();
  }

  /** Another camera or microphone; a running call sends the new one from now on. */
  async chooseDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<boolean> {
    const ok = await this.media.useDevice(kind, deviceId);
    const media = kind === 'audioinput' ? 'audio' : 'video';
    const track =
      media === 'audio'
        ? this.media.stream.getAudioTracks()[0]
        : this.media.stream.getVideoTracks()[0];
    if (ok && track) await this.session.replaceLocalTrack?.(media, track);
    return ok;
  }

  /** Camera off for the whole visit; asks for the microphone alone if it is not in use yet. */
  async joinAudioOnly(): Promise<boolean> {
    this.media.drop('video');
    const ok =
      this.media.stream.getAudioTracks().length > 0 || (await this.media.acquireOne('audio'));
    if (ok) this.update({ mode: 'audio-only' });
    return ok;
  }

  joinChatOnly(): void {
    this.media.drop('video');
    this.media.drop('audio');
    this.update({ mode: 'chat-only' });
  }

  /** Name and consent given: the lobby card shows both; a held call gets its media back. */
  consent(name: string): void {
    this.update({ consented: true, name: name.trim() });
    if (this.held) {
      this.held = false;
      this.session.setMic(true);
      this.session.setCam(true);
    }
  }

  leave(): void {
    this.session.leave();
    this.media.stop();
  }

  private update(change: Partial<VisitSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    this.sendReadiness();
    for (const listener of this.listeners) listener();
  }

  private async checkNetwork(): Promise<void> {
    try {
      const rttMs = (await this.signalingRtt()) ?? (await this.options.measureRtt());
      this.update({ network: { state: 'done', level: classify({ rttMs }), rttMs } });
    } catch {
      this.update({ network: { state: 'failed' } });
    }
  }

  /**
   * The session's ping/pong round trip to the signaling service: measured on the socket that is
   * open anyway, so no extra requests. Undefined when the session cannot report one (no such
   * getter, or no pong in time); the caller then measures by itself.
   */
  private async signalingRtt(): Promise<number | undefined> {
    if (!('signalingRttMs' in this.session)) return undefined;
    const deadline = Date.now() + (this.options.signalingRttWaitMs ?? 3000);
    for (;;) {
      const rttMs = this.session.signalingRttMs;
      if (rttMs !== undefined) return Math.round(rttMs);
      if (this.over || Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private readonly onMedia = (): void => {
    const media = this.media.getSnapshot();
    const previous = this.tracks;
    this.tracks = { audio: media.audioTrackId, video: media.videoTrackId };
    if (previous.audio !== media.audioTrackId || previous.video !== media.videoTrackId) {
      // A new track starts enabled: apply the session's state to it. A device that just
      // became available is switched on (unless held for consent); a replaced one keeps the
      // mute/camera state the patient chose.
      // A device that opened after a connection was built (a reload is admitted at once,
      // before the camera answers) must be added to that connection.
      for (const kind of ['audio', 'video'] as const) {
        const track = this.media.stream.getTracks().find((t) => t.id === this.tracks[kind]);
        if (previous[kind] === undefined && track) {
          void this.session.replaceLocalTrack?.(kind, track);
        }
      }
      const call = this.session.getSnapshot();
      const allowed = !this.held;
      this.session.setMic(allowed && (previous.audio === undefined || call.micOn));
      this.session.setCam(allowed && (previous.video === undefined || call.camOn));
    }
    this.update({ media });
  };

  private readonly onCall = (): void => {
    const phase = this.session.getSnapshot().phase;
    if (OVER.has(phase) && !this.over) {
      this.over = true;
      this.media.stop();
      return;
    }
    if (phase === 'in-call' && !this.snapshot.consented && !this.held) {
      this.held = true;
      this.session.setMic(false);
      this.session.setCam(false);
    }
  };

  private readinessKey(): string {
    return JSON.stringify([readinessOf(this.snapshot), this.snapshot.name]);
  }

  private sendReadiness(): void {
    const key = this.readinessKey();
    if (key === this.sentReadiness || this.over) return;
    this.sentReadiness = key;
    this.session.updateReadiness(readinessOf(this.snapshot), this.snapshot.name);
  }
}
