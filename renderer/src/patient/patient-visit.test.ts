import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeCallSession, fakeDevice, participant } from '../features/consult/call/ui/test-fakes';
import { LocalMedia } from './local-media';
import { PatientVisit } from './patient-visit';
import { FakeBrowserMedia, settle, visitHarness } from './test-fakes';

const self = participant({ id: 'patient-1234', role: 'patient', name: 'Patient', state: 'lobby' });

describe('PatientVisit', () => {
  it('knocks before the permission prompt is answered, then reports the device check', async () => {
    const h = visitHarness();
    h.browser.holdPrompt = true;
    h.visit.start();
    expect(h.session.calls[0]?.method).toBe('start');
    expect(h.browser.requests).toEqual([
      {
        audio: expect.any(Object) as MediaTrackConstraints,
        video: expect.any(Object) as MediaTrackConstraints,
      },
    ]);
    await settle();
    // Only the network result so far; camera and microphone still unchecked.
    expect(h.session.readiness.at(-1)?.readiness).toEqual({
      camera: 'unchecked',
      microphone: 'unchecked',
      network: 'good',
      rttMs: 80,
      consent: false,
    });
    h.browser.answerPrompt();
    await settle();
    expect(
      h.media.stream
        .getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
    expect(h.session.getSnapshot()).toMatchObject({ micOn: true, camOn: true });
    expect(h.session.readiness.at(-1)?.readiness).toMatchObject({
      camera: 'ok',
      microphone: 'ok',
    });
    expect(h.visit.getSnapshot().media.selected).toEqual({
      audioinput: 'mic-1',
      videoinput: 'cam-front',
    });
  });

  it.each([
    [450, 'fair'],
    [900, 'poor'],
  ] as const)('rates a %i ms round trip %s', async (rtt, level) => {
    const h = visitHarness({ rtt });
    h.visit.start();
    await settle();
    expect(h.session.readiness.at(-1)?.readiness).toMatchObject({ network: level, rttMs: rtt });
  });

  it('leaves the network unchecked when it cannot be measured', async () => {
    const h = visitHarness({ rtt: new Error('unreachable') });
    h.visit.start();
    await settle();
    expect(h.visit.getSnapshot().network).toEqual({ state: 'failed' });
    expect(h.session.readiness.at(-1)?.readiness.network).toBe('unchecked');
  });

  it('tells a refusal apart and joins with audio only when the microphone is allowed', async () => {
    const h = visitHarness();
    h.browser.answers = { audio: 'NotAllowedError', video: 'NotAllowedError' };
    h.visit.start();
    await settle();
    // One refusal is not asked again device by device (that would prompt twice).
    expect(h.browser.requests).toHaveLength(1);
    expect(h.session.readiness.at(-1)?.readiness).toMatchObject({
      camera: 'denied',
      microphone: 'denied',
    });
    h.browser.answers.audio = 'allow';
    expect(await h.visit.joinAudioOnly()).toBe(true);
    expect(h.visit.getSnapshot().mode).toBe('audio-only');
    expect(h.browser.requests.at(-1)).toEqual({
      audio: expect.any(Object) as MediaTrackConstraints,
    });
    expect(h.session.getSnapshot()).toMatchObject({ micOn: true, camOn: false });
    expect(h.session.readiness.at(-1)?.readiness).toMatchObject({
      camera: 'denied',
      microphone: 'ok',
    });
  });

  it('finds the device that works when one is missing', async () => {
    const h = visitHarness();
    h.browser.answers.video = 'NotFoundError';
    h.visit.start();
    await settle();
    expect(h.visit.getSnapshot().media).toMatchObject({ microphone: 'ok', camera: 'missing' });
    expect(h.media.stream.getVideoTracks()).toHaveLength(0);
  });

  it('sends name and consent with the readiness', async () => {
    const h = visitHarness();
    h.visit.start();
    await settle();
    h.visit.consent('  Anna Schmidt ');
    expect(h.session.readiness.at(-1)).toEqual({
      readiness: { camera: 'ok', microphone: 'ok', network: 'good', rttMs: 80, consent: true },
      name: 'Anna Schmidt',
    });
  });

  it('keeps camera and microphone off when admitted before consent', async () => {
    const h = visitHarness();
    h.visit.start();
    await settle();
    h.session.set({ phase: 'in-call', self: { ...self, state: 'admitted' } });
    expect(h.session.getSnapshot()).toMatchObject({ micOn: false, camOn: false });
    expect(h.media.stream.getTracks().every((t) => !t.enabled)).toBe(true);
    h.visit.consent('Anna');
    expect(h.session.getSnapshot()).toMatchObject({ micOn: true, camOn: true });
    expect(h.media.stream.getTracks().every((t) => t.enabled)).toBe(true);
  });

  it('keeps devices granted late off while held for consent', async () => {
    const h = visitHarness();
    h.browser.holdPrompt = true;
    h.visit.start();
    h.session.set({ phase: 'in-call' });
    h.browser.answerPrompt();
    await settle();
    expect(h.media.stream.getTracks()).toHaveLength(2);
    expect(h.media.stream.getTracks().every((t) => !t.enabled)).toBe(true);
  });

  it.each(['ended', 'removed', 'denied', 'failed'] as const)(
    'releases camera and microphone when the visit is %s',
    async (phase) => {
      const h = visitHarness();
      h.visit.start();
      await settle();
      const tracks = h.media.stream.getTracks();
      h.session.set({ phase });
      expect(tracks.every((t) => t.readyState === 'ended')).toBe(true);
      expect(h.media.stream.getTracks()).toHaveLength(0);
    },
  );

  it('leaving hangs up and releases the devices', async () => {
    const h = visitHarness();
    h.visit.start();
    await settle();
    const tracks = h.media.stream.getTracks();
    h.visit.leave();
    expect(h.session.called('leave')).toHaveLength(1);
    expect(tracks.every((t) => t.readyState === 'ended')).toBe(true);
  });

  it('switches camera and keeps the mute state of a replaced microphone', async () => {
    const h = visitHarness();
    h.browser.devices.push(fakeDevice('audioinput', 'mic-2', 'Built-in'));
    h.visit.start();
    await settle();
    const oldCam = h.media.stream.getVideoTracks()[0];
    expect(await h.visit.chooseDevice('videoinput', 'cam-back')).toBe(true);
    expect(oldCam?.readyState).toBe('ended');
    expect(h.visit.getSnapshot().media.selected.videoinput).toBe('cam-back');
    h.session.setMic(false);
    expect(await h.visit.chooseDevice('audioinput', 'mic-2')).toBe(true);
    expect(h.session.getSnapshot().micOn).toBe(false);
    expect(h.media.stream.getAudioTracks()[0]?.enabled).toBe(false);
  });
});

/** A session that records which tracks the call was told to send instead. */
class SwapSession extends FakeCallSession {
  swapped: { kind: string; track: MediaStreamTrack }[] = [];
  replaceLocalTrack(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void> {
    this.swapped.push({ kind, track });
    return Promise.resolve();
  }
}

describe('PatientVisit: switching devices during a call', () => {
  it('hands devices that open late to the call (a reload is admitted before the camera)', async () => {
    const browser = new FakeBrowserMedia();
    browser.holdPrompt = true;
    const media = new LocalMedia(browser);
    const session = new SwapSession(media.stream);
    const visit = new PatientVisit({ session, media, measureRtt: () => Promise.resolve(20) });
    visit.start();
    session.set({ phase: 'in-call' });
    expect(session.swapped).toEqual([]);
    browser.answerPrompt();
    await settle();
    expect(session.swapped.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
    expect(session.swapped.find((s) => s.kind === 'video')?.track).toBe(
      media.stream.getVideoTracks()[0],
    );
  });

  it('sends the newly chosen camera to the call', async () => {
    const media = new LocalMedia(new FakeBrowserMedia());
    const session = new SwapSession(media.stream);
    const visit = new PatientVisit({ session, media, measureRtt: () => Promise.resolve(20) });
    visit.start();
    await settle();
    expect(await visit.chooseDevice('videoinput', 'cam-back')).toBe(true);
    const sent = session.swapped.at(-1);
    expect(sent?.kind).toBe('video');
    expect(sent?.track).toBe(media.stream.getVideoTracks()[0]);
  });
});

/** A session that reports its signaling round trip once the test sets it (like CallSession). */
class RttSession extends FakeCallSession {
  signalingRttMs: number | undefined = undefined;
}

describe('PatientVisit: network check from the signaling socket', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function rttHarness() {
    vi.useFakeTimers();
    const media = new LocalMedia(new FakeBrowserMedia());
    const session = new RttSession(media.stream);
    const measureRtt = vi.fn(() => Promise.resolve(80));
    const visit = new PatientVisit({ session, media, measureRtt });
    return { session, measureRtt, visit };
  }

  it('uses the session’s ping/pong round trip instead of extra requests', async () => {
    const h = rttHarness();
    h.visit.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.visit.getSnapshot().network).toEqual({ state: 'checking' });
    h.session.signalingRttMs = 512.4;
    await vi.advanceTimersByTimeAsync(100);
    expect(h.visit.getSnapshot().network).toEqual({ state: 'done', level: 'fair', rttMs: 512 });
    expect(h.session.readiness.at(-1)?.readiness).toMatchObject({ network: 'fair', rttMs: 512 });
    expect(h.measureRtt).not.toHaveBeenCalled();
  });

  it('measures by itself when the session reports no round trip in time', async () => {
    const h = rttHarness();
    h.visit.start();
    await vi.advanceTimersByTimeAsync(2900);
    expect(h.measureRtt).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(h.measureRtt).toHaveBeenCalledTimes(1);
    expect(h.visit.getSnapshot().network).toEqual({ state: 'done', level: 'good', rttMs: 80 });
  });
});
