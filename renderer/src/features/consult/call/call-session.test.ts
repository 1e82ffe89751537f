import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_PROTOCOL } from '../../../../../shared/signaling/protocol';
import { FakeStream, FakeTrack } from './ui/test-fakes';
import {
  HIGHER,
  LOWER,
  SELF,
  TICKET,
  answer,
  candidate,
  harness,
  offer,
  viewOf,
  who,
} from './call-session-harness';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

// --- tests --------------------------------------------------------------------------------

describe('CallSession: joining', () => {
  it('joins with the ticket, name and readiness, and waits in the lobby', () => {
    const readiness = {
      camera: 'ok',
      microphone: 'ok',
      network: 'good',
      consent: true,
    } as const;
    const h = harness({ name: 'Anna', readiness });
    expect(h.sent('join')).toEqual([
      { type: 'join', ticket: TICKET, protocol: CALL_PROTOCOL, name: 'Anna', readiness },
    ]);
    expect(h.session.getSnapshot()).toMatchObject({ phase: 'connecting', signaling: 'connecting' });
    h.welcome('lobby');
    expect(h.session.getSnapshot()).toMatchObject({
      phase: 'lobby',
      signaling: 'open',
      self: { id: SELF, state: 'lobby' },
    });
    // Only its offer to the host, made in the lobby (see call-session.prepared.test.ts): no
    // connection of the call yet.
    expect(h.peers.map((p) => p.options.initiator)).toEqual([true]);
    expect(h.session.getSnapshot().peers).toEqual([]);
  });

  it('connects on admission, offering only to participants it initiates to', () => {
    const h = harness();
    h.welcome('lobby', 'relay');
    h.participants(who(SELF, 'lobby'), who(LOWER), who(HIGHER), who('p4-waiting', 'lobby'));
    const [forTheHost] = h.peers; // prepared in the lobby; nobody here hosts
    expect(h.peers).toHaveLength(1);
    h.server({ type: 'admitted', resumeTicket: 'resume-2' });
    expect(forTheHost?.destroyed).toBe(true);
    h.peers.shift();
    expect(h.session.getSnapshot()).toMatchObject({
      phase: 'in-call',
      self: { id: SELF, state: 'admitted' },
    });
    // HIGHER: we offer. LOWER offers to us: its connection is made now and waits for the
    // offer, so its relay allocation runs meanwhile. The lobby is nobody's peer.
    expect(h.peers).toHaveLength(2);
    const [toLower, toHigher] = h.peers;
    expect(toHigher?.options).toMatchObject({
      initiator: true,
      stream: h.localStream,
      trickle: true,
      config: {
        iceServers: [{ urls: ['turn:turn.test:3478'], username: 'u', credential: 'c' }],
        iceTransportPolicy: 'relay',
        bundlePolicy: 'max-bundle',
        iceCandidatePoolSize: 1,
      },
    });
    expect(toLower?.options).toMatchObject({ initiator: false, stream: h.localStream });
    // Answering, Chromium does not use a candidate pool: none is made (no idle allocation).
    expect(toLower?.options.config).not.toHaveProperty('iceCandidatePoolSize');
    expect(h.session.getSnapshot().peers).toEqual([
      expect.objectContaining({ participant: who(LOWER), connection: 'connecting' }),
      expect.objectContaining({
        participant: who(HIGHER),
        connection: 'connecting',
        remoteCamOn: true,
      }),
    ]);
    // The waiting connection says nothing until LOWER's offer names it.
    toLower?.emit('signal', candidate);
    expect(h.sent('signal')).toEqual([]);
  });

  it('comes back into the call at once when welcomed as admitted (resume)', () => {
    const h = harness();
    h.inCall();
    expect(h.session.getSnapshot().phase).toBe('in-call');
    expect(h.peers).toHaveLength(2);
  });

  it('tells the host once about each new knock', () => {
    const onKnock = vi.fn();
    const h = harness({ onKnock });
    h.welcome('admitted');
    h.participants(who(SELF), who(LOWER, 'lobby'));
    h.participants(who(SELF), who(LOWER, 'lobby'));
    expect(onKnock).toHaveBeenCalledTimes(1);
    expect(onKnock).toHaveBeenLastCalledWith(who(LOWER, 'lobby'));
    h.participants(who(SELF), who(LOWER, 'lobby'), who(HIGHER, 'lobby'));
    expect(onKnock).toHaveBeenCalledTimes(2);
    expect(onKnock).toHaveBeenLastCalledWith(who(HIGHER, 'lobby'));
    // Admitted participants are not knocks.
    h.participants(who(SELF), who(LOWER), who(HIGHER), who('p5-admitted'));
    expect(onKnock).toHaveBeenCalledTimes(2);
  });

  it.each(['bad-ticket', 'expired-ticket', 'ticket-used', 'ticket-revoked'] as const)(
    'fails with the code when the ticket is refused (%s)',
    (code) => {
      const h = harness();
      h.server({ type: 'error', code, message: 'no' });
      expect(h.session.getSnapshot()).toMatchObject({ phase: 'failed', reason: code });
      h.socket().drop();
      vi.advanceTimersByTime(10_000);
      expect(h.sockets).toHaveLength(1);
      expect(h.session.getSnapshot().signaling).toBe('closed');
    },
  );

  it('keeps going after an error that is not about the ticket', () => {
    const h = harness();
    h.welcome('lobby');
    h.server({ type: 'error', code: 'rate-limited', message: 'slow down' });
    expect(h.session.getSnapshot().phase).toBe('lobby');
  });
});

describe('CallSession: connections', () => {
  it('routes its signals to the participant and connection, and feeds in theirs', () => {
    const h = harness();
    const toHigher = h.inCall();
    toHigher.emit('signal', offer);
    const [sent] = h.sent('signal');
    expect(sent).toEqual({
      type: 'signal',
      to: HIGHER,
      pc: expect.any(String) as string,
      data: offer,
    });
    expect(sent?.pc).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    h.server({ type: 'signal', from: HIGHER, pc: sent?.pc ?? '', data: answer });
    expect(toHigher.signals).toEqual([answer]);
    // HIGHER cannot start a connection of its own toward us: we are the initiator.
    h.server({ type: 'signal', from: HIGHER, pc: 'pc-other-0001', data: offer });
    expect(h.peers).toHaveLength(2);
    expect(toHigher.signals).toEqual([answer]);
  });

  it('adopts the connection the other side offers, and replaces it when a new one comes', () => {
    const h = harness();
    h.inCall();
    const fromLower = h.adopt('pc-lower-0001');
    // The offer is fed to the connection made on admission (no new one).
    expect(h.peers).toHaveLength(2);
    expect(fromLower).toBe(h.peers[0]);
    expect(fromLower.options.initiator).toBe(false);
    expect(fromLower.signals).toEqual([offer]);
    // Shown at once as connecting, before the connection reports anything.
    expect(h.session.getSnapshot().peers).toContainEqual(
      expect.objectContaining({ participant: who(LOWER), connection: 'connecting' }),
    );
    h.server({ type: 'signal', from: LOWER, pc: 'pc-lower-0001', data: candidate });
    expect(fromLower.signals).toEqual([offer, candidate]);
    fromLower.emit('signal', answer);
    expect(h.sent('signal').at(-1)).toEqual({
      type: 'signal',
      to: LOWER,
      pc: 'pc-lower-0001',
      data: answer,
    });

    // LOWER's connection failed on its side: it offers again on a new one.
    const again = h.adopt('pc-lower-0002');
    expect(h.peers).toHaveLength(3);
    expect(fromLower.destroyed).toBe(true);
    expect(again.signals).toEqual([offer]);
    expect(
      h.session
        .getSnapshot()
        .peers.map((p) => p.participant.id)
        .sort(),
    ).toEqual([LOWER, HIGHER]);
    // The old connection's late events are not sent or shown.
    fromLower.emit('signal', candidate);
    expect(h.sent('signal').at(-1)?.pc).toBe('pc-lower-0001');
    expect(h.sent('signal')).toHaveLength(1);
  });

  it('ignores signals from someone it does not know', () => {
    const h = harness();
    h.inCall();
    h.server({ type: 'signal', from: 'p0-stranger', pc: 'pc-stranger-01', data: offer });
    expect(h.peers).toHaveLength(2);
  });

  it('drops the connection of a participant who left or went back to the lobby', () => {
    const h = harness();
    const toHigher = h.inCall();
    const fromLower = h.adopt();
    h.participants(who(SELF), who(LOWER));
    expect(toHigher.destroyed).toBe(true);
    expect(fromLower.destroyed).toBe(false);
    expect(h.session.getSnapshot().peers.map((p) => p.participant.id)).toEqual([LOWER]);
    h.participants(who(SELF), who(LOWER, 'lobby'));
    expect(fromLower.destroyed).toBe(true);
    expect(h.session.getSnapshot().peers).toEqual([]);
    // The destroyed connections' own `close` does not bring them back.
    vi.advanceTimersByTime(5000);
    expect(h.peers).toHaveLength(2);
  });

  it('shows the connection and the remote stream', () => {
    const h = harness();
    const toHigher = h.inCall();
    const remote = new FakeStream([new FakeTrack('video')]).asMediaStream();
    toHigher.emit('stream', remote);
    toHigher.connect();
    expect(viewOf(h, HIGHER)).toMatchObject({
      connection: 'connected',
      stream: remote,
    });
    expect(h.session.connectedSince).toBe(Date.now());
    expect(
      h.session
        .admittedParticipants()
        .map((p) => p.id)
        .sort(),
    ).toEqual([LOWER, HIGHER]);
  });

  it('restarts ICE from the initiating side when ICE stays disconnected', () => {
    const h = harness({ iceRestartAfterMs: 1000 });
    const toHigher = h.inCall();
    const fromLower = h.adopt();
    toHigher.connect();
    fromLower.connect();
    toHigher.ice('disconnected');
    fromLower.ice('disconnected');
    expect(h.session.getSnapshot().peers.map((p) => p.connection)).toEqual([
      'reconnecting',
      'reconnecting',
    ]);
    vi.advanceTimersByTime(999);
    expect(toHigher.pc.restarts).toBe(0);
    vi.advanceTimersByTime(1);
    expect(toHigher.pc.restarts).toBe(1);
    expect(toHigher.negotiations).toBe(1);
    // The answering side waits for the initiator's new offer.
    expect(fromLower.pc.restarts).toBe(0);
    expect(fromLower.negotiations).toBe(0);
    toHigher.ice('connected');
    expect(viewOf(h, HIGHER)?.connection).toBe('connected');
  });

  it('does not restart ICE when the connection recovers in time', () => {
    const h = harness({ iceRestartAfterMs: 1000 });
    const toHigher = h.inCall();
    toHigher.connect();
    toHigher.ice('disconnected');
    vi.advanceTimersByTime(500);
    toHigher.ice('connected');
    vi.advanceTimersByTime(5000);
    expect(toHigher.pc.restarts).toBe(0);
    expect(viewOf(h, HIGHER)?.connection).toBe('connected');
  });

  it('builds a new connection with a new id when the one it initiated fails', () => {
    const h = harness({ iceRestartAfterMs: 1000 });
    const toHigher = h.inCall();
    toHigher.emit('signal', offer);
    const firstPc = h.sent('signal')[0]?.pc;
    toHigher.connect();
    toHigher.ice('disconnected');
    toHigher.fail();
    expect(viewOf(h, HIGHER)?.connection).toBe('failed');
    // The pending ICE restart is dropped with the connection (simple-peer has no _pc left).
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    expect(h.peers).toHaveLength(3);
    const replacement = h.peers[2];
    expect(replacement?.options.initiator).toBe(true);
    replacement?.emit('signal', offer);
    const secondPc = h.sent('signal').at(-1)?.pc;
    expect(secondPc).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(secondPc).not.toBe(firstPc);
    expect(viewOf(h, HIGHER)?.connection).toBe('connecting');
    replacement?.connect();
    expect(h.session.qualitySummary().reconnections).toBe(1);
  });

  it('does not rebuild toward someone who is away, and reconnects when they are back', () => {
    const h = harness();
    const toHigher = h.inCall();
    toHigher.connect();
    // HIGHER's tab closed without a bye: the server holds them as away for the grace time.
    h.participants(who(SELF), who(LOWER), who(HIGHER, 'away'));
    toHigher.fail();
    vi.advanceTimersByTime(5000);
    expect(h.peers).toHaveLength(2);
    h.participants(who(SELF), who(LOWER), who(HIGHER));
    expect(h.peers).toHaveLength(3);
    expect(h.peers[2]?.options.initiator).toBe(true);
  });

  it('waits for the other side to offer again when a connection it answered fails', () => {
    const h = harness();
    h.inCall();
    const fromLower = h.adopt();
    fromLower.connect();
    fromLower.fail();
    vi.advanceTimersByTime(5000);
    expect(h.peers).toHaveLength(2);
    expect(h.session.getSnapshot().peers.find((p) => p.participant.id === LOWER)?.connection).toBe(
      'failed',
    );
    h.adopt('pc-lower-0002');
    expect(h.peers).toHaveLength(3);
  });
});

describe('CallSession: chat and media', () => {
  it('sends chat to the connected peers and shows what arrives', () => {
    const h = harness();
    h.welcome('admitted');
    expect(h.session.sendChat('nobody hears this')).toBe(false);
    h.participants(who(SELF), who(LOWER), who(HIGHER));
    const toHigher = h.peers.find((p) => p.options.initiator);
    const fromLower = h.adopt();
    toHigher?.connect();
    expect(h.session.sendChat('   ')).toBe(false);
    expect(h.session.sendChat('  Hello ')).toBe(true);
    expect(toHigher?.messages()).toContainEqual(
      expect.objectContaining({ kind: 'chat', text: 'Hello' }),
    );
    // LOWER is not connected yet: nothing was sent to it.
    expect(fromLower.sent).toEqual([]);
    expect(h.session.getSnapshot().chat).toEqual([
      expect.objectContaining({ fromId: SELF, text: 'Hello', mine: true }),
    ]);

    fromLower.connect();
    fromLower.emit('data', JSON.stringify({ kind: 'chat', id: 'm1', text: 'Hi there', at: 5 }));
    fromLower.emit(
      'data',
      new TextEncoder().encode(JSON.stringify({ kind: 'chat', id: 'm2', text: 'bytes', at: 6 })),
    );
    fromLower.emit('data', '{not json');
    fromLower.emit('data', JSON.stringify({ kind: 'chat', id: 'm3', text: '', at: 7 }));
    fromLower.emit('data', JSON.stringify({ kind: 'shout', text: 'x' }));
    expect(h.session.getSnapshot().chat.slice(1)).toEqual([
      {
        id: 'm1',
        fromId: LOWER,
        fromName: `Name of ${LOWER}`,
        text: 'Hi there',
        at: 5,
        mine: false,
      },
      { id: 'm2', fromId: LOWER, fromName: `Name of ${LOWER}`, text: 'bytes', at: 6, mine: false },
    ]);
  });

  it('switches microphone and camera tracks', () => {
    const h = harness();
    const [audio] = h.localStream.getAudioTracks();
    const [video] = h.localStream.getVideoTracks();
    expect(h.session.getSnapshot()).toMatchObject({ micOn: true, camOn: true });
    h.session.setMic(false);
    h.session.setCam(false);
    expect(audio?.enabled).toBe(false);
    expect(video?.enabled).toBe(false);
    expect(h.session.getSnapshot()).toMatchObject({ micOn: false, camOn: false });
    h.session.setMic(true);
    h.session.setCam(true);
    expect(audio?.enabled).toBe(true);
    expect(video?.enabled).toBe(true);
    expect(h.session.getSnapshot()).toMatchObject({ micOn: true, camOn: true });
  });

  it('cannot turn on a camera it does not have', () => {
    const audioOnly = new FakeStream([new FakeTrack('audio')]).asMediaStream();
    const h = harness({ localStream: audioOnly });
    h.session.setCam(true);
    expect(h.session.getSnapshot()).toMatchObject({ micOn: true, camOn: false });
  });

  it('tells the others when its camera is switched, and shows theirs', () => {
    const h = harness();
    const toHigher = h.inCall();
    toHigher.connect();
    // On connect: the current state, so a new connection never shows a stale one.
    expect(toHigher.messages()).toEqual([{ kind: 'cam', on: true }]);
    h.session.setCam(false);
    h.session.setCam(false);
    h.session.setCam(true);
    expect(toHigher.messages()).toEqual([
      { kind: 'cam', on: true },
      { kind: 'cam', on: false },
      { kind: 'cam', on: true },
    ]);

    expect(viewOf(h, HIGHER)?.remoteCamOn).toBe(true);
    toHigher.emit('data', JSON.stringify({ kind: 'cam', on: false }));
    expect(viewOf(h, HIGHER)?.remoteCamOn).toBe(false);
    toHigher.emit('data', JSON.stringify({ kind: 'cam', on: true }));
    expect(viewOf(h, HIGHER)?.remoteCamOn).toBe(true);
  });

  it('sends "camera off" on connect when the camera is off', () => {
    const h = harness();
    h.session.setCam(false);
    const toHigher = h.inCall();
    toHigher.connect();
    expect(toHigher.messages()).toEqual([{ kind: 'cam', on: false }]);
  });

  it('replaces a device track in the stream and on every connection', async () => {
    const h = harness();
    const toHigher = h.inCall();
    const fromLower = h.adopt();
    fromLower.fail(); // waiting for LOWER to offer again: nothing to replace there
    const [oldCam] = h.localStream.getVideoTracks();
    h.session.setCam(false);
    const newCam = new FakeTrack('video', 'cam-back') as unknown as MediaStreamTrack;
    await h.session.replaceLocalTrack('video', newCam);
    expect(h.localStream.getVideoTracks()).toEqual([newCam]);
    expect(h.localStream.getAudioTracks()).toHaveLength(1);
    expect(oldCam?.readyState).toBe('live'); // the caller releases the old device
    expect(newCam.enabled).toBe(false); // the camera stays off
    const videoSender = toHigher.pc.senders.find((s) => s.track?.kind === 'video');
    expect(videoSender?.replaced).toEqual([newCam]);
    expect(toHigher.pc.senders.find((s) => s.track?.kind === 'audio')?.replaced).toEqual([]);

    const newMic = new FakeTrack('audio', 'mic-2') as unknown as MediaStreamTrack;
    await h.session.replaceLocalTrack('audio', newMic);
    expect(h.localStream.getAudioTracks()).toEqual([newMic]);
    expect(newMic.enabled).toBe(true);
    expect(toHigher.pc.senders.map((s) => s.track)).toEqual([newMic, newCam]);
    await expect(h.session.replaceLocalTrack('audio', newCam)).rejects.toThrow(/video/);
  });

  it('adds a device that opens after the connection was built (reload, admitted at once)', async () => {
    const empty = new FakeStream([]);
    const h = harness({ localStream: empty.asMediaStream() });
    const toHigher = h.inCall();
    expect(toHigher.pc.senders).toHaveLength(0);
    const cam = new FakeTrack('video', 'cam') as unknown as MediaStreamTrack;
    await h.session.replaceLocalTrack('video', cam);
    expect(toHigher.added).toEqual([cam]);
    expect(empty.asMediaStream().getVideoTracks()).toEqual([cam]);
    // A second camera replaces the first on the sender now there is one: no second add.
    const cam2 = new FakeTrack('video', 'cam-2') as unknown as MediaStreamTrack;
    await h.session.replaceLocalTrack('video', cam2);
    expect(toHigher.added).toEqual([cam]);
    expect(toHigher.pc.senders[0]?.track).toBe(cam2);
  });

  it('keeps sending the shared screen when the camera is switched meanwhile', async () => {
    const h = harness();
    const toHigher = h.inCall();
    const screen = new FakeTrack('video', 'screen');
    await h.session.startScreenShare(new FakeStream([screen]).asMediaStream());
    const newCam = new FakeTrack('video', 'cam-back') as unknown as MediaStreamTrack;
    await h.session.replaceLocalTrack('video', newCam);
    const videoSender = toHigher.pc.senders[1];
    expect(videoSender?.track).toBe(screen);
    await h.session.stopScreenShare();
    expect(videoSender?.track).toBe(newCam);
    expect(screen.readyState).toBe('ended');
    expect(h.session.getSnapshot().sharingScreen).toBe(false);
  });

  it('shares the screen while a failed connection waits to be replaced', async () => {
    const h = harness();
    const toHigher = h.inCall();
    const fromLower = h.adopt();
    fromLower.fail();
    const screen = new FakeTrack('video', 'screen');
    await h.session.startScreenShare(new FakeStream([screen]).asMediaStream());
    expect(toHigher.pc.senders[1]?.replaced).toEqual([screen]);
    expect(h.session.getSnapshot().sharingScreen).toBe(true);
  });
});

describe('CallSession: the end', () => {
  it.each([
    [{ type: 'denied', reason: 'wrong room' }, 'denied', 'wrong room'],
    [{ type: 'removed' }, 'removed', undefined],
    [{ type: 'ended' }, 'ended', undefined],
  ] as const)('tears the call down on %j', (frame, phase, reason) => {
    const h = harness();
    const toHigher = h.inCall();
    toHigher.connect();
    h.server(frame);
    expect(h.session.getSnapshot()).toMatchObject({ phase, peers: [] });
    expect(h.session.getSnapshot().reason).toBe(reason);
    expect(toHigher.destroyed).toBe(true);
    // No reconnection, no new connection, no more stats.
    h.socket().drop();
    vi.advanceTimersByTime(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.peers).toHaveLength(2);
    expect(h.session.getSnapshot().signaling).toBe('closed');
  });

  it('says bye when leaving, and closes everything', () => {
    const h = harness();
    const toHigher = h.inCall();
    toHigher.connect();
    h.session.leave();
    expect(h.socket().sent.at(-1)).toEqual({ type: 'bye' });
    expect(h.socket().closed).toBe(true);
    expect(toHigher.destroyed).toBe(true);
    expect(h.session.getSnapshot()).toMatchObject({
      phase: 'left',
      signaling: 'closed',
      peers: [],
    });
    vi.advanceTimersByTime(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.peers).toHaveLength(2);
  });

  it('sends the host’s end of the consult', () => {
    const h = harness();
    h.inCall();
    h.session.end();
    expect(h.sent('end')).toEqual([{ type: 'end' }]);
  });
});

describe('CallSession: signaling', () => {
  it('uses the clinic’s TURN servers after the service’s, and takes fresh credentials', () => {
    const clinic = [{ urls: ['turns:turn.clinic.example:443'], username: 'ws-7', credential: 'k' }];
    const h = harness({ extraIceServers: clinic });
    const toHigher = h.inCall();
    const issued = { urls: ['turn:turn.test:3478'], username: 'u', credential: 'c' };
    expect(toHigher.options.config?.iceServers).toEqual([issued, ...clinic]);
    const fromLower = h.adopt();
    fromLower.fail(); // gone: nothing to reconfigure there
    const fresh = { urls: ['turn:turn.test:3478'], username: 'u2', credential: 'c2' };
    h.server({ type: 'ice-servers', iceServers: [fresh] });
    // The connection in the call takes them for its next allocation (an ICE restart)…
    expect(toHigher.pc.reconfigured).toEqual([
      expect.objectContaining({ iceServers: [fresh, ...clinic] }),
    ]);
    // …and a new connection is made with them.
    h.participants(who(SELF), who(HIGHER), who('p8-new-guest'));
    expect(h.peers.at(-1)?.options.config?.iceServers).toEqual([fresh, ...clinic]);
  });

  it('reports the round trip to the signaling server', () => {
    const h = harness();
    expect(h.session.signalingRttMs).toBeUndefined();
    const [ping] = h.sent('ping');
    expect(ping).toBeDefined();
    vi.advanceTimersByTime(40);
    h.server({ type: 'pong', at: ping?.at ?? 0 });
    expect(h.session.signalingRttMs).toBeCloseTo(40, 0);
  });

  it('keeps its connections while signaling reconnects, and rejoins with the resume ticket', () => {
    const h = harness();
    const toHigher = h.inCall();
    toHigher.connect();
    h.socket().drop();
    expect(h.session.getSnapshot().signaling).toBe('reconnecting');
    vi.advanceTimersByTime(250);
    h.socket().open();
    expect(h.sent('join')).toEqual([{ type: 'join', ticket: 'resume-1', protocol: CALL_PROTOCOL }]);
    h.inCall();
    expect(h.peers).toHaveLength(2);
    expect(toHigher.destroyed).toBe(false);
    expect(h.session.getSnapshot()).toMatchObject({ signaling: 'open', phase: 'in-call' });
  });

  it('after a reconnect, gives the connections the new credentials and restarts ICE where needed', () => {
    const h = harness();
    const toHigher = h.inCall();
    toHigher.ice('disconnected'); // the network blipped: reconnecting
    h.socket().drop();
    vi.advanceTimersByTime(250);
    h.socket().open();
    const fresh = { urls: ['turn:turn.test:3478'], username: 'u-after', credential: 'c-after' };
    h.server({
      type: 'welcome',
      self: who(SELF),
      roomId: 'room-0001',
      iceServers: [fresh],
      iceTransportPolicy: 'all',
      resumeTicket: 'resume-2',
    });
    expect(toHigher.pc.reconfigured).toEqual([expect.objectContaining({ iceServers: [fresh] })]);
    expect(toHigher.pc.restarts).toBe(1);
    expect(toHigher.negotiations).toBe(1);
  });

  it('after a reconnect, starts a new connection where its offer went out while the socket was down', () => {
    const h = harness();
    const toHigher = h.inCall();
    toHigher.emit('signal', offer);
    const [first] = h.sent('signal');
    toHigher.ice('disconnected');
    h.socket().drop();
    // The ICE restart's offer was made meanwhile and never left: no answer will come.
    toHigher.pc.signalingState = 'have-local-offer';
    vi.advanceTimersByTime(250);
    h.socket().open();
    h.server({
      type: 'welcome',
      self: who(SELF),
      roomId: 'room-0001',
      iceServers: [],
      iceTransportPolicy: 'all',
      resumeTicket: 'resume-2',
    });
    expect(toHigher.destroyed).toBe(true);
    const fresh = h.peers.at(-1);
    expect(fresh).not.toBe(toHigher);
    expect(fresh?.options.initiator).toBe(true);
    fresh?.emit('signal', offer);
    expect(h.sent('signal').at(-1)).toMatchObject({ to: HIGHER, data: offer });
    expect(first?.pc).toBeDefined();
    expect(h.sent('signal').at(-1)?.pc).not.toBe(first?.pc);
  });
});
