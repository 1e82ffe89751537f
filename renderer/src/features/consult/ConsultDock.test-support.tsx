/**
 * Test support for ConsultDock: the signaling service faked at its two boundaries (`fetch`
 * for the room and invitation API, the global `WebSocket` for signaling), a host that records
 * its system notifications and the update control's "call running" flag, a lock whose state
 * the test sets, and a render with everything the dock reads (signed-in FHIR session with an
 * access token, the offline layer on fake IndexedDB, Mantine, i18n).
 *
 * The dock builds its CallSession itself and passes no `WebSocketImpl`/`Peer`, so the socket
 * is faked where CallSession's SignalingClient finds it (`globalThis.WebSocket`) and the
 * WebRTC peer by the test file's `vi.mock` of simple-peer (see {@link recordingPeer}).
 */
import { act, screen, waitFor } from '@testing-library/react';
import type { SimplePeerOptions } from '@thaunknown/simple-peer';
import { vi } from 'vitest';
import type { AppConfig } from '../../../../shared/config/app-config';
import {
  CALL_PROTOCOL,
  type IceServer,
  type Participant,
} from '../../../../shared/signaling/protocol';
import { render, testHost, testServer, testSession } from '../../../../test/support/render';
import { openOffline, unusedApi } from '../audit/audit-test-support';
import type { FhirApi } from '../../fhir/FhirApi';
import type { Host } from '../../host/Host';
import { OfflineContext } from '../../offline/OfflineContext';
import { DEFAULT_SECURITY } from '../lock/LockGate';
import { LockContext, type LockState } from '../lock/LockContext';
import { FakePeer, FakeSocket } from './call/call-session-harness';
import { participant } from './call/ui/test-fakes';
import { ConsultDock } from './ConsultDock';

export const SIGNALING_URL = 'https://signaling.clinic.test';
export const ROOM = { roomId: 'room-0001', hostTicket: 'host-ticket-0001', expiresAt: 1 };
export const HOST_ID = 'host-0001';

/** The ICE servers the signaling service hands out in `welcome` (its own TURN). */
export const SERVICE_ICE: IceServer[] = [
  { urls: ['turn:turn.signaling.test:3478'], username: 'svc-user', credential: 'svc-pass' },
];

/** The signaling service's HTTP API: opens the room, makes invitation links. */
export function signalingFetch(): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/api/rooms') {
      return Promise.resolve(Response.json(ROOM, { status: 201 }));
    }
    if (method === 'POST' && url.pathname === `/api/rooms/${ROOM.roomId}/invites`) {
      const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as {
        role: string;
      };
      return Promise.resolve(
        Response.json(
          {
            inviteId: `invite-${body.role}`,
            role: body.role,
            ticket: `ticket-${body.role}`,
            url: `${SIGNALING_URL}/patient.html#ticket-${body.role}`,
            expiresAt: 2,
          },
          { status: 201 },
        ),
      );
    }
    return Promise.resolve(Response.json({ error: 'not found' }, { status: 404 }));
  };
}

/** Every signaling socket the page opens, in order (installs itself as `WebSocket`). */
export function installSockets(): FakeSocket[] {
  const sockets: FakeSocket[] = [];
  class Socket extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  vi.stubGlobal('WebSocket', Socket);
  return sockets;
}

/** A simple-peer stand-in that lands in `peers` (what the mocked module constructs). */
export function recordingPeer(peers: FakePeer[]): new (options: SimplePeerOptions) => FakePeer {
  return class extends FakePeer {
    constructor(options: SimplePeerOptions) {
      super(options);
      peers.push(this);
    }
  };
}

export function lockState(locked: boolean): LockState {
  return {
    locked,
    settings: DEFAULT_SECURITY,
    lock: () => undefined,
    registerCall: () => () => undefined,
  };
}

export interface DockOptions {
  lng?: string;
  turnServers?: AppConfig['turnServers'];
}

/** Renders the dock for patient `patient-1`, unlocked; `setLocked` re-renders it (kept mounted). */
export async function renderDock(options: DockOptions = {}) {
  const offline = await openOffline();
  const notes: { title: string; body: string }[] = [];
  const callActive: boolean[] = [];
  const config: AppConfig = {
    servers: [testServer],
    defaultServerId: testServer.id,
    consult: { signalingUrl: SIGNALING_URL },
    ...(options.turnServers ? { turnServers: options.turnServers } : {}),
  };
  const host: Host = testHost({
    kind: 'electron',
    getConfig: () => Promise.resolve(config),
    notify: (note) => {
      notes.push(note);
      return Promise.resolve(true);
    },
    updates: {
      setCallActive: (active) => {
        callActive.push(active);
        return Promise.resolve();
      },
      status: () => Promise.reject(new Error('not used')),
      onStatus: () => () => undefined,
      installNow: () => Promise.reject(new Error('not used')),
    },
  });
  const api: FhirApi = { ...unusedApi, accessToken: () => 'smart-access-token' };
  const tree = (locked: boolean) => (
    <OfflineContext.Provider value={offline.services}>
      <LockContext.Provider value={lockState(locked)}>
        <ConsultDock patientId="patient-1" />
      </LockContext.Provider>
    </OfflineContext.Provider>
  );
  const result = render(tree(false), {
    host,
    api,
    session: testSession(),
    ...(options.lng ? { lng: options.lng } : {}),
  });
  return {
    ...result,
    notes,
    callActive,
    setLocked: (locked: boolean) => result.rerender(tree(locked)),
  };
}

/**
 * Clicks "Start", then plays the signaling service: the socket opens and the host is
 * welcomed, admitted, with {@link SERVICE_ICE}. Returns the socket for more frames.
 */
export async function startConsult(
  dock: Awaited<ReturnType<typeof renderDock>>,
  sockets: FakeSocket[],
): Promise<FakeSocket> {
  await dock.user.click(screen.getByTestId('consult-start'));
  await screen.findByTestId('consult-end');
  const socket = await waitFor(() => {
    const last = sockets.at(-1);
    if (!last) throw new Error('no signaling socket yet');
    return last;
  });
  act(() => {
    socket.open();
    socket.deliver({
      type: 'welcome',
      self: participant({
        id: HOST_ID,
        role: 'host',
        name: 'Dr. Test',
        state: 'admitted',
        protocol: CALL_PROTOCOL,
      }),
      roomId: ROOM.roomId,
      iceServers: SERVICE_ICE,
      iceTransportPolicy: 'all',
      resumeTicket: 'resume-0001',
    });
  });
  return socket;
}

/** The service's participant list: the host and, in the lobby, `waiting`. */
export function lobby(socket: FakeSocket, ...waiting: Participant[]): void {
  act(() => {
    socket.deliver({
      type: 'participants',
      participants: [
        participant({
          id: HOST_ID,
          role: 'host',
          name: 'Dr. Test',
          state: 'admitted',
          protocol: CALL_PROTOCOL,
        }),
        ...waiting.map((p) => ({ ...p, state: 'lobby' as const })),
      ],
    });
  });
}
