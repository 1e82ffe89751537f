/**
 * Negotiating while someone waits in the lobby: the guest's offer to the host from there, the
 * host's answer to it held back until admission (protocol 3); the host's own offer to a guest
 * on protocol 2, held back the same way; and who offers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOST_ALIAS, type Participant } from '../../../../../shared/signaling/protocol';
import { LOBBY_RESEND_MS, MAX_PREPARED_OFFERS, PREPARED_OFFER_MAX_AGE_MS } from './call-session';
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

/** A guest whose page speaks call protocol 2 (the host offers to them). */
function v2(p: Participant): Participant {
  return { ...p, protocol: 2 };
}

/** Someone on protocol 2 in the lobby who arrived at `since`. */
function waiting(id: string, since = 1): Participant {
  return v2({ ...who(id, 'lobby'), since });
}

/** A host in the call; LOWER (protocol 2) knocks (it sorts before the host's id: the role decides). */
function hostWithKnock() {
  const h = harness({}, 'host');
  h.welcome('admitted');
  const self = who(SELF, 'admitted', 'host');
  h.participants(self, waiting(LOWER));
  const prepared = h.peers.at(-1);
  if (!prepared) throw new Error('no prepared offer');
  return { h, self, prepared };
}

describe('CallSession: the host’s prepared offers (a guest on protocol 2)', () => {
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
    h.participants(self, v2(who(LOWER)));
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
      expect.objectContaining({ participant: v2(who(LOWER)), connection: 'connecting' }),
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
    h.participants(self, v2(who(HIGHER)), waiting(LOWER, 10), waiting('p7-third', 30));
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
    h.participants(self, v2(who(LOWER)));
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
    h.participants(self, v2(who(LOWER)));
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

describe('CallSession: the guest’s offer from the lobby', () => {
  const host = who('p9-host-id', 'admitted', 'host');

  it('goes to the host alias from the lobby, again when the room changes, then by id on admission', () => {
    const h = harness({}, 'patient');
    h.welcome('lobby');
    h.participants(who(SELF, 'lobby', 'patient'));
    expect(h.peers.map((p) => p.options.initiator)).toEqual([true]);
    expect(h.session.getSnapshot().peers).toEqual([]); // not a connection of the call
    const toHost = h.peers[0];
    toHost?.emit('signal', offer);
    toHost?.emit('signal', candidate);
    const sent = h.sent('signal');
    expect(sent.map((f) => [f.to, f.data])).toEqual([
      [HOST_ALIAS, offer],
      [HOST_ALIAS, candidate],
    ]);
    const pc = sent[0]?.pc;
    // The room changed (the host came back, say; and again): the same signals once more, once.
    h.participants(who(SELF, 'lobby', 'patient'));
    h.participants(who(SELF, 'lobby', 'patient'));
    vi.advanceTimersByTime(LOBBY_RESEND_MS - 1);
    expect(h.sent('signal')).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(h.sent('signal').slice(2)).toEqual(sent);
    // After a quiet second the next change sends them at once.
    vi.advanceTimersByTime(LOBBY_RESEND_MS);
    h.participants(who(SELF, 'lobby', 'patient'));
    expect(h.sent('signal').slice(4)).toEqual(sent);
    // Admitted: the same connection is the one to the host, and its signals go by id.
    h.participants(who(SELF, 'admitted', 'patient'), host);
    expect(h.peers).toEqual([toHost]);
    expect(h.session.getSnapshot().peers).toEqual([
      expect.objectContaining({ participant: host, connection: 'connecting' }),
    ]);
    expect(h.sent('signal').slice(6)).toEqual([
      { type: 'signal', to: host.id, pc, data: offer },
      { type: 'signal', to: host.id, pc, data: candidate },
    ]);
    h.server({ type: 'signal', from: host.id, pc: pc ?? '', data: answer });
    expect(toHost?.signals).toEqual([answer]);
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
    expect(h.peers[1]?.options.initiator).toBe(true);
    expect(h.peers[1]?.pc.senders.map((s) => s.track?.kind)).toEqual(['audio']);
  });

  it('is made again, as a new connection, when a device is switched in the lobby', async () => {
    const h = harness({}, 'patient');
    h.welcome('lobby');
    h.participants(who(SELF, 'lobby', 'patient'));
    const first = h.peers[0];
    first?.emit('signal', offer);
    await h.session.replaceLocalTrack('video', new FakeTrack('video', 'cam-2') as never);
    expect(first?.destroyed).toBe(true);
    h.peers[1]?.emit('signal', offer);
    const [a, b] = h.sent('signal');
    expect(b?.to).toBe(HOST_ALIAS);
    expect(b?.pc).not.toBe(a?.pc);
  });

  it('answers a host on protocol 2 instead (that host offers after admission)', () => {
    const h = harness({}, 'patient');
    h.welcome('lobby');
    h.participants(who(SELF, 'lobby', 'patient'));
    const lobbyOffer = h.peers[0];
    h.participants(who(SELF, 'admitted', 'patient'), v2(host));
    expect(lobbyOffer?.destroyed).toBe(true);
    expect(h.peers.at(-1)?.options.initiator).toBe(false);
  });
});

describe('CallSession: the host’s answer to a lobby offer', () => {
  /** A host in the call; LOWER (protocol 3) waits in the lobby and has sent `signals`. */
  function hostWithOffer(...signals: unknown[]) {
    const h = harness({}, 'host');
    h.welcome('admitted');
    const self = who(SELF, 'admitted', 'host');
    h.participants(self, { ...who(LOWER, 'lobby'), since: 1 });
    expect(h.peers).toEqual([]); // nothing until they offer
    for (const data of signals) {
      h.server({ type: 'signal', from: LOWER, pc: 'pc-lobby-0001', data: data as never });
    }
    return { h, self };
  }

  it('answers while they wait: the offer is set, their candidates and its answer wait', () => {
    const { h } = hostWithOffer(offer, candidate);
    expect(h.peers).toHaveLength(1);
    const answering = h.peers[0];
    expect(answering?.options.initiator).toBe(false);
    expect(answering?.options.config).not.toHaveProperty('iceCandidatePoolSize');
    // Their candidates wait: no ICE check goes to the lobby.
    expect(answering?.signals).toEqual([offer]);
    answering?.emit('signal', answer);
    answering?.emit('signal', candidate);
    expect(h.sent('signal')).toEqual([]);
    expect(h.session.getSnapshot().peers).toEqual([]);
  });

  it('sets a lobby offer without its inline candidates, which wait for admission too', () => {
    const line = 'candidate:1 1 udp 41885439 127.0.0.1 50000 typ relay raddr 0.0.0.0 rport 0';
    const inline = {
      type: 'offer',
      sdp: `v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=${line}\r\n`,
    } as const;
    const { h, self } = hostWithOffer(inline);
    const answering = h.peers[0];
    expect(answering?.signals).toEqual([
      { type: 'offer', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n' },
    ]);
    h.participants(self, who(LOWER));
    expect(answering?.signals.at(-1)).toEqual({
      type: 'candidate',
      candidate: { candidate: line, sdpMid: '0', sdpMLineIndex: 0 },
    });
  });

  it('on admission sends its answer, applies their candidates and skips their repeats', () => {
    const { h, self } = hostWithOffer(offer, candidate);
    const answering = h.peers[0];
    const stream = new FakeStream([]).asMediaStream();
    answering?.emit('stream', stream); // their media arrived while they waited
    answering?.emit('signal', answer);
    h.participants(self, who(LOWER));
    expect(h.peers).toEqual([answering]);
    expect(h.sent('signal')).toEqual([
      { type: 'signal', to: LOWER, pc: 'pc-lobby-0001', data: answer },
    ]);
    expect(answering?.signals).toEqual([offer, candidate]);
    expect(h.session.getSnapshot().peers).toEqual([
      expect.objectContaining({ participant: who(LOWER), connection: 'connecting', stream }),
    ]);
    // The guest sends its lobby signals again by id: already applied, skipped.
    h.server({ type: 'signal', from: LOWER, pc: 'pc-lobby-0001', data: offer });
    h.server({ type: 'signal', from: LOWER, pc: 'pc-lobby-0001', data: candidate });
    const late = { ...candidate, candidate: { ...candidate.candidate, candidate: 'late' } };
    h.server({ type: 'signal', from: LOWER, pc: 'pc-lobby-0001', data: late });
    expect(answering?.signals).toEqual([offer, candidate, late]);
    answering?.emit('signal', candidate);
    expect(h.sent('signal')).toHaveLength(2);
  });

  it('skips the repeats it gets in the lobby, and a new connection of theirs replaces the old', () => {
    const { h } = hostWithOffer(offer, offer, candidate, candidate);
    expect(h.peers).toHaveLength(1);
    const old = h.peers[0];
    const renewed = { type: 'offer', sdp: 'v=0 renewed' } as const;
    h.server({ type: 'signal', from: LOWER, pc: 'pc-lobby-0002', data: renewed });
    expect(old?.destroyed).toBe(true);
    expect(h.peers[1]?.signals).toEqual([renewed]);
  });

  it(`answers for the ${MAX_PREPARED_OFFERS} who waited longest, the others from their offer on admission`, () => {
    const h = harness({}, 'host');
    h.welcome('admitted');
    const self = who(SELF, 'admitted', 'host');
    const lobby = [10, 20, 30].map((since, i) => ({ ...who(`p7-guest-${i}`, 'lobby'), since }));
    h.participants(self, ...lobby);
    for (const p of lobby)
      h.server({ type: 'signal', from: p.id, pc: `pc-of-${p.id}`, data: offer });
    expect(h.peers).toHaveLength(2);
    // The third is admitted: its connection answers the offer it sent from the lobby.
    h.participants(self, lobby[0] as Participant, lobby[1] as Participant, who('p7-guest-2'));
    const third = h.peers[2];
    expect(third?.options.initiator).toBe(false);
    expect(third?.signals).toEqual([offer]);
    third?.emit('signal', answer);
    expect(h.sent('signal')).toEqual([
      { type: 'signal', to: 'p7-guest-2', pc: 'pc-of-p7-guest-2', data: answer },
    ]);
  });

  it('answers the offer sent again on admission when it had none (the host came back)', () => {
    const h = harness({}, 'host');
    h.welcome('admitted');
    const self = who(SELF, 'admitted', 'host');
    h.participants(self, who(LOWER));
    const waitingForOffer = h.peers[0];
    expect(waitingForOffer?.options.initiator).toBe(false);
    h.server({ type: 'signal', from: LOWER, pc: 'pc-lobby-0001', data: offer });
    expect(waitingForOffer?.signals).toEqual([offer]);
  });

  it('is answered again from their offer when the local tracks changed (screen shared)', async () => {
    const { h, self } = hostWithOffer(offer, candidate);
    const first = h.peers[0];
    const screen = new FakeTrack('video', 'screen');
    await h.session.startScreenShare(new FakeStream([screen]).asMediaStream());
    expect(first?.destroyed).toBe(true);
    const second = h.peers[1];
    expect(second?.signals).toEqual([offer]);
    h.participants(self, who(LOWER));
    expect(h.peers).toHaveLength(2);
    expect(second?.signals).toEqual([offer, candidate]);
  });

  it('does not answer the same lobby offer again after answering it failed', () => {
    const { h, self } = hostWithOffer(offer);
    h.peers[0]?.fail();
    h.participants(self, { ...who(LOWER, 'lobby'), since: 1, name: 'Renamed' });
    expect(h.peers).toHaveLength(1);
    // Their next connection is answered.
    h.server({ type: 'signal', from: LOWER, pc: 'pc-lobby-0002', data: offer });
    expect(h.peers).toHaveLength(2);
    expect(h.peers[1]?.signals).toEqual([offer]);
  });

  it('ignores a lobby signal from a guest on protocol 2 (the host offers to them)', () => {
    const h = harness({}, 'host');
    h.welcome('admitted');
    h.participants(who(SELF, 'admitted', 'host'), waiting(LOWER));
    const ownOffer = h.peers[0];
    h.server({ type: 'signal', from: LOWER, pc: 'pc-lobby-0001', data: offer });
    expect(h.peers).toEqual([ownOffer]);
    expect(ownOffer?.signals).toEqual([]);
  });

  it('forgets a lobby offer when they leave, and is closed with the call', () => {
    const { h, self } = hostWithOffer(offer);
    const answering = h.peers[0];
    h.participants(self);
    expect(answering?.destroyed).toBe(true);
    // Back with a new knock but no offer yet: nothing is answered from the old one.
    h.participants(self, { ...who(LOWER, 'lobby'), since: 5 });
    expect(h.peers).toHaveLength(1);
    h.session.leave();
  });
});

describe('CallSession: a device that opens after the host’s offer', () => {
  it('turns the receiving slot into a sending one and asks the host for a new offer', async () => {
    const empty = new FakeStream([]);
    const h = harness({ localStream: empty.asMediaStream() }, 'patient');
    h.welcome('admitted');
    const host = v2(who('p9-host-id', 'admitted', 'host'));
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

describe('CallSession: the host comes back', () => {
  it('the guest starts a new connection when the host is back and theirs is not connected', () => {
    const h = harness({}, 'patient');
    h.welcome('admitted');
    const self = who(SELF, 'admitted', 'patient');
    const host = who('p0-host-id', 'admitted', 'host');
    h.participants(self, host);
    const first = h.peers[0];
    first?.connect();
    first?.ice('disconnected');
    h.participants(self, { ...host, state: 'away' });
    expect(h.peers).toHaveLength(1);
    h.participants(self, host);
    expect(first?.destroyed).toBe(true);
    expect(h.peers).toHaveLength(2);
    expect(h.peers[1]?.options.initiator).toBe(true);
    h.peers[1]?.emit('signal', offer);
    const [sent] = h.sent('signal');
    expect(sent?.to).toBe(host.id);
    // A connection that stayed up is kept when they come back.
    h.peers[1]?.connect();
    h.participants(self, { ...host, state: 'away' });
    h.participants(self, host);
    expect(h.peers).toHaveLength(2);
  });
});

describe('CallSession: who offers', () => {
  it('a patient offers to the host, even with the larger id; to a host on protocol 2 it answers', () => {
    const h = harness({}, 'patient');
    h.welcome('admitted');
    const host = who('p0-host-id', 'admitted', 'host');
    h.participants(who(SELF, 'admitted', 'patient'), host);
    expect(h.peers.map((p) => p.options.initiator)).toEqual([true]);
    const old = harness({}, 'patient');
    old.welcome('admitted');
    old.participants(who(SELF, 'admitted', 'patient'), v2(host));
    expect(old.peers.map((p) => p.options.initiator)).toEqual([false]);
  });
});
