/**
 * The host's offers prepared while someone waits in the lobby: made early, held back until
 * admission, sent at once then; and the roles (the host offers to everyone).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Participant } from '../../../../../shared/signaling/protocol';
import { MAX_PREPARED_OFFERS, PREPARED_OFFER_MAX_AGE_MS } from './call-session';
import { FakeStream, FakeTrack } from './ui/test-fakes';
import {
  HIGHER,
  LOWER,
  SELF,
  answer,
  candidate,
  harness,
  offer,
  who,
} from './call-session-harness';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Someone in the lobby who arrived at `since`. */
function waiting(id: string, since = 1): Participant {
  return { ...who(id, 'lobby'), since };
}

/** A host in the call; LOWER knocks (it sorts before the host's id: the role decides). */
function hostWithKnock() {
  const h = harness({}, 'host');
  h.welcome('admitted');
  const self = who(SELF, 'admitted', 'host');
  h.participants(self, waiting(LOWER));
  const prepared = h.peers.at(-1);
  if (!prepared) throw new Error('no prepared offer');
  return { h, self, prepared };
}

describe('CallSession: the host’s prepared offers', () => {
  it('makes the offer while the patient waits, and sends nothing before admission', () => {
    const { h, prepared } = hostWithKnock();
    expect(h.peers).toHaveLength(1);
    expect(prepared.options).toMatchObject({
      initiator: true,
      stream: h.localStream,
      config: { bundlePolicy: 'max-bundle', iceCandidatePoolSize: 1 },
    });
    prepared.emit('signal', offer);
    prepared.emit('signal', candidate);
    expect(h.sent('signal')).toEqual([]);
    // Not a connection of the call: no tile, no "connecting".
    expect(h.session.getSnapshot().peers).toEqual([]);
  });

  it('sends the held offer and candidates at once on admission, then signals as usual', () => {
    const { h, self, prepared } = hostWithKnock();
    prepared.emit('signal', offer);
    prepared.emit('signal', candidate);
    h.participants(self, who(LOWER));
    expect(h.peers).toHaveLength(1); // no new connection: the prepared one is used
    const sent = h.sent('signal');
    expect(sent.map((f) => [f.to, f.data])).toEqual([
      [LOWER, offer],
      [LOWER, candidate],
    ]);
    const pc = sent[0]?.pc ?? '';
    expect(pc).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(sent[1]?.pc).toBe(pc);
    prepared.emit('signal', candidate);
    expect(h.sent('signal')).toHaveLength(3);
    h.server({ type: 'signal', from: LOWER, pc, data: answer });
    expect(prepared.signals).toEqual([answer]);
    expect(h.session.getSnapshot().peers).toEqual([
      expect.objectContaining({ participant: who(LOWER), connection: 'connecting' }),
    ]);
    prepared.connect();
    expect(h.session.getSnapshot().peers[0]?.connection).toBe('connected');
  });

  it('drops the prepared offer when the patient leaves the lobby or is denied', () => {
    const { h, self, prepared } = hostWithKnock();
    h.participants(self);
    expect(prepared.destroyed).toBe(true);
    expect(h.peers).toHaveLength(1);
    // Back in the lobby (a new knock): a new offer is prepared.
    h.participants(self, waiting(LOWER));
    expect(h.peers).toHaveLength(2);
    expect(h.peers[1]?.destroyed).toBe(false);
  });

  it(`prepares for the ${MAX_PREPARED_OFFERS} who waited longest, and moves up when one is admitted`, () => {
    const h = harness({}, 'host');
    h.welcome('admitted');
    const self = who(SELF, 'admitted', 'host');
    const lobby = [waiting('p7-third', 30), waiting(HIGHER, 20), waiting(LOWER, 10)];
    h.participants(self, ...lobby);
    expect(h.peers.map((p) => p.destroyed)).toEqual([false, false]);
    const [forLower, forHigher] = h.peers;
    forHigher?.emit('signal', offer);
    h.participants(self, who(HIGHER), waiting(LOWER, 10), waiting('p7-third', 30));
    expect(h.sent('signal').map((f) => f.to)).toEqual([HIGHER]);
    expect(forLower?.destroyed).toBe(false);
    expect(h.peers).toHaveLength(3); // the third now has one
    expect(h.peers[2]?.options.initiator).toBe(true);
  });

  it('makes the offer again when it waited too long (its relay allocation would go stale)', () => {
    const { h, prepared } = hostWithKnock();
    vi.advanceTimersByTime(PREPARED_OFFER_MAX_AGE_MS - 1);
    expect(prepared.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(prepared.destroyed).toBe(true);
    expect(h.peers).toHaveLength(2);
    expect(h.peers[1]?.destroyed).toBe(false);
  });

  it('makes the offer again when a device is switched or the screen shared', async () => {
    const { h, prepared } = hostWithKnock();
    const newCam = new FakeTrack('video', 'cam-2') as unknown as MediaStreamTrack;
    await h.session.replaceLocalTrack('video', newCam);
    expect(prepared.destroyed).toBe(true);
    const second = h.peers[1];
    expect(second?.pc.senders.map((s) => s.track)).toContain(newCam);
    const screen = new FakeTrack('video', 'screen');
    await h.session.startScreenShare(new FakeStream([screen]).asMediaStream());
    expect(second?.destroyed).toBe(true);
    // Made while the screen is shared: it sends the screen, like the connections in the call.
    expect(h.peers[2]?.pc.senders.find((s) => s.track?.kind === 'video')?.track).toBe(screen);
  });

  it('is not used when the local tracks changed without a device switch (camera gone)', () => {
    const { h, self, prepared } = hostWithKnock();
    const [camera] = h.localStream.getVideoTracks();
    if (camera) h.localStream.removeTrack(camera);
    h.participants(self, who(LOWER));
    expect(prepared.destroyed).toBe(true);
    const used = h.peers.at(-1);
    expect(used?.options.initiator).toBe(true);
    expect(used?.pc.senders.map((s) => s.track?.kind)).toEqual(['audio']);
  });

  it('sends the shared screen of a host without a camera, and is used on admission', async () => {
    const mic = new FakeTrack('audio', 'mic');
    const h = harness({ localStream: new FakeStream([mic]).asMediaStream() }, 'host');
    h.welcome('admitted');
    const self = who(SELF, 'admitted', 'host');
    h.participants(self, waiting(LOWER));
    const screen = new FakeTrack('video', 'screen');
    await h.session.startScreenShare(new FakeStream([screen]).asMediaStream());
    const prepared = h.peers.at(-1);
    expect(prepared?.added).toEqual([screen]);
    h.participants(self, who(LOWER));
    expect(h.peers.at(-1)).toBe(prepared);
    expect(prepared?.destroyed).toBe(false);
  });

  it('makes it again with the next roster change when it failed', () => {
    const { h, self, prepared } = hostWithKnock();
    prepared.fail();
    expect(h.peers).toHaveLength(1);
    h.participants(self, { ...waiting(LOWER), name: 'Renamed' });
    expect(h.peers).toHaveLength(2);
  });

  it('is closed with the call', () => {
    const { h, prepared } = hostWithKnock();
    h.session.leave();
    expect(prepared.destroyed).toBe(true);
  });
});

describe('CallSession: the waiting side’s prepared connection', () => {
  const host = who('p9-host-id', 'admitted', 'host');

  it('is made in the lobby (nobody is shown there), says nothing, and answers the host', () => {
    const h = harness({}, 'patient');
    h.welcome('lobby');
    h.participants(who(SELF, 'lobby', 'patient'));
    expect(h.peers.map((p) => p.options.initiator)).toEqual([false]);
    expect(h.session.getSnapshot().peers).toEqual([]);
    // Admitted: the host (the offering side, even with a larger id) gets the prepared one.
    h.participants(who(SELF, 'admitted', 'patient'), host);
    expect(h.peers).toHaveLength(1);
    expect(h.session.getSnapshot().peers).toEqual([
      expect.objectContaining({ participant: host, connection: 'connecting' }),
    ]);
    h.server({ type: 'signal', from: 'p9-host-id', pc: 'pc-host-0001', data: offer });
    expect(h.peers[0]?.signals).toEqual([offer]);
    h.peers[0]?.emit('signal', answer);
    expect(h.sent('signal')).toEqual([
      { type: 'signal', to: 'p9-host-id', pc: 'pc-host-0001', data: answer },
    ]);
  });

  it('is kept when `admitted` comes before the roster that shows the host (several nodes)', () => {
    const h = harness({}, 'patient');
    h.welcome('lobby');
    h.participants(who(SELF, 'lobby', 'patient'));
    const prepared = h.peers[0];
    h.server({ type: 'admitted', resumeTicket: 'resume-2' });
    expect(prepared?.destroyed).toBe(false);
    h.participants(who(SELF, 'admitted', 'patient'), host);
    expect(h.peers).toEqual([prepared]);
    expect(h.session.getSnapshot().peers[0]?.participant).toEqual(host);
  });

  it('is not used when the tracks changed in the lobby (audio only: the camera is not sent)', () => {
    const h = harness({}, 'patient');
    h.welcome('lobby');
    h.participants(who(SELF, 'lobby', 'patient'));
    const prepared = h.peers[0];
    const [camera] = h.localStream.getVideoTracks();
    if (camera) h.localStream.removeTrack(camera);
    h.participants(who(SELF, 'admitted', 'patient'), host);
    expect(prepared?.destroyed).toBe(true);
    expect(h.peers).toHaveLength(2);
    expect(h.peers[1]?.pc.senders.map((s) => s.track?.kind)).toEqual(['audio']);
  });
});

describe('CallSession: a device that opens after the host’s offer', () => {
  it('turns the receiving slot into a sending one and asks the host for a new offer', async () => {
    const empty = new FakeStream([]);
    const h = harness({ localStream: empty.asMediaStream() }, 'patient');
    h.welcome('admitted');
    const host = who('p9-host-id', 'admitted', 'host');
    h.participants(who(SELF, 'admitted', 'patient'), host);
    const fromHost = h.peers[0];
    if (!fromHost) throw new Error('no peer');
    h.server({ type: 'signal', from: 'p9-host-id', pc: 'pc-host-0001', data: offer });
    // The host's offer made receive-only slots on this side (no camera or microphone yet).
    const video = fromHost.pc.addReceiveSlot('video');
    const cam = new FakeTrack('video', 'late-cam') as unknown as MediaStreamTrack;
    await h.session.replaceLocalTrack('video', cam);
    expect(video.sender.track).toBe(cam);
    expect(video.direction).toBe('sendrecv');
    expect(video.sender.streams).toEqual([empty]);
    expect(fromHost.negotiations).toBe(1);
    expect(fromHost.added).toEqual([]); // no second video slot
  });
});

describe('CallSession: who offers', () => {
  it('a patient never offers to the host, even with the smaller id', () => {
    const h = harness({}, 'patient');
    h.welcome('admitted');
    h.participants(who(SELF, 'admitted', 'patient'), who('p9-host-id', 'admitted', 'host'));
    expect(h.peers.map((p) => p.options.initiator)).toEqual([false]);
  });
});
