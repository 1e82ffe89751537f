/**
 * The browser pieces the patient page uses, behind small interfaces so tests pass fakes
 * (jsdom has no media capture, Web Audio or signaling server): media capture, the microphone
 * level meter and the round trip to the signaling service.
 */
import type { MediaDeps } from './local-media';

export function browserMediaDeps(nav: Navigator): MediaDeps {
  // Missing outside secure contexts (a plain-http address other than localhost).
  const devices = (nav as Partial<Navigator>).mediaDevices;
  return {
    getUserMedia: (constraints) =>
      devices
        ? devices.getUserMedia(constraints)
        : Promise.reject(new DOMException('no media devices on this page', 'NotSupportedError')),
    enumerateDevices: () => (devices ? devices.enumerateDevices() : Promise.resolve([])),
    createStream: () => new MediaStream(),
  };
}

/** How loud the microphone is right now, 0..1. */
export interface LevelMeter {
  level: () => number;
  close: () => void;
}

export type CreateLevelMeter = (stream: MediaStream) => LevelMeter | undefined;

/**
 * A Web Audio AnalyserNode on the stream's microphone; the level is the RMS of the latest
 * samples on a −60…0 dBFS scale. Browsers start an AudioContext suspended until the user
 * interacts with the page, so it is resumed on the first click or key press as well.
 */
export const createAnalyserLevelMeter: CreateLevelMeter = (stream) => {
  if (typeof AudioContext === 'undefined' || stream.getAudioTracks().length === 0) return undefined;
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const resume = (): void => {
    if (context.state === 'suspended') context.resume().catch(() => undefined);
  };
  resume();
  document.addEventListener('pointerdown', resume);
  document.addEventListener('keydown', resume);
  return {
    level: () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      const db = 20 * Math.log10(Math.max(rms, 1e-6));
      return Math.min(1, Math.max(0, (db + 60) / 60));
    },
    close: () => {
      document.removeEventListener('pointerdown', resume);
      document.removeEventListener('keydown', resume);
      source.disconnect();
      context.close().catch(() => undefined);
    },
  };
};

/**
 * Round trip to the signaling service, ms: the best of three small requests to its health
 * endpoint (the first may include opening the connection). The page is served by that
 * service, so this is the patient's path to it. Rejects when the service cannot be reached.
 */
export async function measureSignalingRtt(
  fetchImpl: typeof fetch,
  now: () => number = () => performance.now(),
): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = now();
    const response = await fetchImpl('/health', {
      cache: 'no-store',
      signal: AbortSignal.timeout(5000),
    });
    await response.arrayBuffer();
    best = Math.min(best, now() - started);
  }
  return Math.round(best);
}
