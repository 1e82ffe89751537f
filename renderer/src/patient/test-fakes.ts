/**
 * Test doubles for the patient page: a browser whose permission prompt the test answers
 * (per device: allow, or a getUserMedia error name), and a visit wired to a FakeCallSession.
 * Not shipped: only tests import this file.
 */
import {
  FakeCallSession,
  FakeStream,
  FakeTrack,
  fakeDevice,
} from '../features/consult/call/ui/test-fakes';
import type { LevelMeter } from './browser-media';
import { LocalMedia, type MediaDeps, type MediaKind } from './local-media';
import { PatientVisit } from './patient-visit';

type Answer = 'allow' | 'NotAllowedError' | 'NotFoundError' | 'NotReadableError';

function requestedDevice(
  constraint: boolean | MediaTrackConstraints | undefined,
): string | undefined {
  if (typeof constraint !== 'object') return undefined;
  const id = constraint.deviceId;
  if (typeof id === 'string') return id;
  if (id && typeof id === 'object' && !Array.isArray(id) && typeof id.exact === 'string') {
    return id.exact;
  }
  return undefined;
}

export class FakeBrowserMedia implements MediaDeps {
  answers: Record<MediaKind, Answer> = { audio: 'allow', video: 'allow' };
  /** Devices that fail when asked for by id (e.g. a camera another app holds). */
  failingDevices = new Set<string>();
  devices: MediaDeviceInfo[] = [
    fakeDevice('videoinput', 'cam-front', 'Front camera'),
    fakeDevice('videoinput', 'cam-back', 'Back camera'),
    fakeDevice('audioinput', 'mic-1', 'Headset microphone'),
  ];
  readonly requests: MediaStreamConstraints[] = [];
  /** While true, requests wait (the prompt is open) until `answerPrompt()`. */
  holdPrompt = false;
  private readonly waiting: (() => void)[] = [];

  getUserMedia = (constraints: MediaStreamConstraints): Promise<MediaStream> => {
    this.requests.push(constraints);
    const kinds = (['audio', 'video'] as const).filter((k) => constraints[k]);
    const run = (): Promise<MediaStream> => {
      const refused = kinds.find((k) => this.answers[k] !== 'allow');
      if (refused) return Promise.reject(new DOMException('no', this.answers[refused]));
      const tracks = kinds.map(
        (k) =>
          new FakeTrack(
            k,
            requestedDevice(constraints[k]) ?? (k === 'audio' ? 'mic-1' : 'cam-front'),
          ),
      );
      if (tracks.some((t) => this.failingDevices.has(t.deviceId))) {
        return Promise.reject(new DOMException('in use', 'NotReadableError'));
      }
      return Promise.resolve(new FakeStream(tracks).asMediaStream());
    };
    if (!this.holdPrompt) return run();
    return new Promise((resolve, reject) =>
      this.waiting.push(() => {
        run().then(resolve, reject);
      }),
    );
  };

  answerPrompt(): void {
    this.holdPrompt = false;
    for (const go of this.waiting.splice(0)) go();
  }

  enumerateDevices = (): Promise<MediaDeviceInfo[]> => Promise.resolve(this.devices);

  createStream = (): MediaStream => new FakeStream().asMediaStream();
}

export function fakeLevelMeter(level = 0.5): LevelMeter & { closed: boolean } {
  const meter = {
    closed: false,
    level: () => level,
    close: () => {
      meter.closed = true;
    },
  };
  return meter;
}

export interface VisitHarness {
  visit: PatientVisit;
  session: FakeCallSession;
  browser: FakeBrowserMedia;
  media: LocalMedia;
}

/** A visit on fakes; `rtt` is the measured round trip (an Error: the check fails). */
export function visitHarness(
  options: { rtt?: number | Error; browser?: FakeBrowserMedia } = {},
): VisitHarness {
  const browser = options.browser ?? new FakeBrowserMedia();
  const media = new LocalMedia(browser);
  const session = new FakeCallSession(media.stream);
  const rtt = options.rtt ?? 80;
  const visit = new PatientVisit({
    session,
    media,
    measureRtt: () => (rtt instanceof Error ? Promise.reject(rtt) : Promise.resolve(rtt)),
  });
  return { visit, session, browser, media };
}

/** Lets pending promise callbacks (fake prompts, RTT) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
