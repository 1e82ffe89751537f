// @vitest-environment jsdom
import { act, screen } from '@testing-library/react';
import type { SimplePeerOptions } from '@thaunknown/simple-peer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_PROTOCOL } from '../../../../shared/signaling/protocol';
import type { FakePeer, FakeSocket } from './call/call-session-harness';
import { participant } from './call/ui/test-fakes';
import {
  SERVICE_ICE,
  installSockets,
  lobby,
  recordingPeer,
  renderDock,
  signalingFetch,
  startConsult,
} from './ConsultDock.test-support';

// The dock constructs its CallSession without a `Peer` option, so simple-peer (whose WebRTC
// under Node would be node-datachannel's real one) is the only seam left: it is replaced by
// the harness's FakePeer, which records the RTCConfiguration each connection is made with.
const webrtc = vi.hoisted(() => ({
  Peer: undefined as (new (options: SimplePeerOptions) => object) | undefined,
}));
vi.mock('@thaunknown/simple-peer', () => ({
  default: function Peer(options: SimplePeerOptions): object {
    if (!webrtc.Peer) throw new Error('no WebRTC in this test');
    return new webrtc.Peer(options);
  },
}));

let sockets: FakeSocket[];
let peers: FakePeer[];

beforeEach(() => {
  sockets = installSockets();
  peers = [];
  webrtc.Peer = recordingPeer(peers);
  vi.stubGlobal('fetch', signalingFetch());
});

afterEach(() => {
  webrtc.Peer = undefined;
  vi.unstubAllGlobals();
});

const patient = participant({ id: 'patient-0001', role: 'patient', name: 'Eva Lind' });

describe('ConsultDock: updates wait for the call', () => {
  it('tells the host a call runs, and that it ended when the clinician ends it', async () => {
    const dock = await renderDock();
    expect(dock.callActive).toEqual([]);
    await startConsult(dock, sockets);
    expect(dock.callActive).toEqual([true]);

    await dock.user.click(screen.getByTestId('consult-end'));
    await screen.findByTestId('consult-ended');
    expect(dock.callActive).toEqual([true, false]);
  });

  it('tells the host the call ended when the dock goes away mid-call', async () => {
    const dock = await renderDock();
    const socket = await startConsult(dock, sockets);
    expect(dock.callActive).toEqual([true]);

    dock.unmount();
    expect(dock.callActive).toEqual([true, false]);
    // The session was left, not abandoned: `bye` went out and the socket is closed.
    expect(socket.sent.map((f) => f.type)).toContain('bye');
    expect(socket.closed).toBe(true);
  });
});

describe('ConsultDock: the knock', () => {
  it('names the patient while unlocked, and not while the workstation is locked', async () => {
    const dock = await renderDock();
    const socket = await startConsult(dock, sockets);

    lobby(socket, patient);
    expect(dock.notes).toEqual([
      {
        title: 'A patient is waiting',
        body: 'Eva Lind is waiting in the video consult lobby.',
      },
    ]);

    dock.setLocked(true);
    const family = participant({ id: 'family-0001', role: 'family', name: 'Jonas Lind' });
    lobby(socket, patient, family);
    expect(dock.notes).toHaveLength(2);
    expect(dock.notes[1]).toEqual({
      title: 'A patient is waiting',
      body: 'Someone is waiting in the video consult lobby. Unlock the workstation to see who.',
    });
    expect(JSON.stringify(dock.notes[1])).not.toMatch(/Lind/);

    dock.setLocked(false);
    const specialist = participant({ id: 'spec-0001', role: 'specialist', name: 'Dr. Aho' });
    lobby(socket, patient, family, specialist);
    expect(dock.notes[2]?.body).toBe('Dr. Aho is waiting in the video consult lobby.');
  });
});

describe('ConsultDock: lobby times and TURN servers', () => {
  // 14:05 local time, whatever the machine's zone: en shows 12-hour, de 24-hour time.
  const arrived = new Date(2025, 2, 4, 14, 5).getTime();

  it.each([
    ['en', 'Waiting since 02:05 PM'],
    ['de', 'Wartet seit 14:05'],
  ])('shows when the patient arrived in the UI language (%s)', async (lng, expected) => {
    const dock = await renderDock({ lng });
    const socket = await startConsult(dock, sockets);
    lobby(socket, { ...patient, since: arrived });
    const entry = await screen.findByTestId('lobby-entry');
    expect(entry).toHaveTextContent(expected);
  });

  it("adds the clinic's TURN servers after the service's to the call's connections", async () => {
    const clinicTurn = [
      { urls: ['turns:turn.clinic.test:5349'], username: 'clinic', credential: 'secret' },
    ];
    const dock = await renderDock({ turnServers: clinicTurn });
    const socket = await startConsult(dock, sockets);
    // The patient knocks and offers from the lobby: the host prepares its answer, with the
    // call's ICE servers.
    lobby(socket, { ...patient, protocol: CALL_PROTOCOL });
    expect(peers).toHaveLength(0);
    act(() => {
      socket.deliver({
        type: 'signal',
        from: patient.id,
        pc: 'pc-lobby-0001',
        data: { type: 'offer', sdp: 'v=0' },
      });
    });
    expect(peers).toHaveLength(1);
    expect(peers[0]?.options.initiator).toBe(false);
    expect(peers[0]?.options.config?.iceServers).toEqual([...SERVICE_ICE, ...clinicTurn]);
  });

  it("uses the service's ICE servers alone when the clinic configured none", async () => {
    const dock = await renderDock();
    const socket = await startConsult(dock, sockets);
    lobby(socket, patient);
    expect(peers[0]?.options.config?.iceServers).toEqual(SERVICE_ICE);
  });
});
