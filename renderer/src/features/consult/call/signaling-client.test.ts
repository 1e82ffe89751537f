import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '../../../../../shared/signaling/protocol';
import { SignalingClient, type SignalingStatus } from './signaling-client';
import { participant } from './ui/test-fakes';
import { FakeSocket } from './call-session-harness';

const TICKET = 'ticket-0123456789abcdefghij';

function welcome(resumeTicket: string): ServerFrame {
  return {
    type: 'welcome',
    self: participant({ id: 'self-0001', state: 'lobby' }),
    roomId: 'room-0001',
    iceServers: [],
    iceTransportPolicy: 'all',
    resumeTicket,
  };
}

function harness() {
  const sockets: FakeSocket[] = [];
  const frames: ServerFrame[] = [];
  const statuses: SignalingStatus[] = [];
  class Socket extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  const client = new SignalingClient({
    wsUrl: 'wss://signaling.test/ws',
    ticket: TICKET,
    joinExtras: () => ({ name: 'Anna' }),
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    WebSocketImpl: Socket as unknown as typeof WebSocket,
  });
  const socket = (): FakeSocket => {
    const last = sockets.at(-1);
    if (!last) throw new Error('no socket');
    return last;
  };
  const joins = (): string[] =>
    sockets.flatMap((s) => s.sent.flatMap((f) => (f.type === 'join' ? [f.ticket] : [])));
  return { client, sockets, frames, statuses, socket, joins };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SignalingClient', () => {
  it('joins with the ticket once the socket opens, and pings', () => {
    const h = harness();
    h.client.start();
    expect(h.socket().url).toBe('wss://signaling.test/ws');
    expect(h.client.send({ type: 'bye' })).toBe(false); // not open yet
    h.socket().open();
    expect(h.socket().sent).toEqual([
      { type: 'join', ticket: TICKET, name: 'Anna' },
      { type: 'ping', at: expect.any(Number) as number },
    ]);
    vi.advanceTimersByTime(5000);
    expect(h.socket().sent.filter((f) => f.type === 'ping')).toHaveLength(2);
    h.socket().deliver(welcome('resume-1'));
    expect(h.statuses).toEqual(['connecting', 'open']);
    expect(h.frames.map((f) => f.type)).toEqual(['welcome']);
  });

  it('measures the round trip from pong', () => {
    const h = harness();
    h.client.start();
    h.socket().open();
    const ping = h.socket().sent.find((f) => f.type === 'ping');
    vi.advanceTimersByTime(120);
    h.socket().deliver({ type: 'pong', at: ping?.type === 'ping' ? ping.at : 0 });
    expect(h.client.rttMs).toBeCloseTo(120, 0);
  });

  it('ignores frames it does not understand', () => {
    const h = harness();
    h.client.start();
    h.socket().open();
    h.socket().deliver('not json');
    h.socket().deliver(JSON.stringify({ type: 'welcome' }));
    h.socket().deliver(JSON.stringify({ type: 'signal', from: 'x', pc: 'y', data: {} }));
    expect(h.frames).toEqual([]);
  });

  it('reconnects with backoff after an unexpected close, with the resume ticket', () => {
    const h = harness();
    h.client.start();
    h.socket().open();
    h.socket().deliver(welcome('resume-1'));
    h.socket().drop();
    expect(h.statuses.at(-1)).toBe('reconnecting');
    // 250 ms, then doubling up to 4 s while nobody welcomes it back.
    for (const delay of [250, 500, 1000, 2000, 4000, 4000]) {
      const count = h.sockets.length;
      vi.advanceTimersByTime(delay - 1);
      expect(h.sockets).toHaveLength(count);
      vi.advanceTimersByTime(1);
      expect(h.sockets).toHaveLength(count + 1);
      h.socket().drop();
    }
    vi.advanceTimersByTime(4000);
    h.socket().open();
    expect(
      h
        .joins()
        .slice(1)
        .every((t) => t === 'resume-1'),
    ).toBe(true);
    expect(h.joins()).toHaveLength(2); // only the sockets that opened joined
    // Welcomed back: the next drop starts again at 250 ms.
    h.socket().deliver(welcome('resume-2'));
    expect(h.statuses.at(-1)).toBe('open');
    const count = h.sockets.length;
    h.socket().drop();
    vi.advanceTimersByTime(250);
    expect(h.sockets).toHaveLength(count + 1);
    h.socket().open();
    expect(h.joins().at(-1)).toBe('resume-2');
  });

  it('rejoins with the newer ticket from admitted', () => {
    const h = harness();
    h.client.start();
    h.socket().open();
    h.socket().deliver(welcome('resume-lobby'));
    h.socket().deliver({ type: 'admitted', resumeTicket: 'resume-admitted' });
    h.socket().drop();
    vi.advanceTimersByTime(250);
    h.socket().open();
    expect(h.joins()).toEqual([TICKET, 'resume-admitted']);
  });

  it('does not stop retrying when the server never answered', () => {
    const h = harness();
    h.client.start();
    h.socket().drop(); // refused before it opened
    vi.advanceTimersByTime(250);
    h.socket().open();
    expect(h.joins()).toEqual([TICKET]);
  });

  it.each([
    [{ type: 'denied', reason: 'no' }],
    [{ type: 'removed' }],
    [{ type: 'ended' }],
    [{ type: 'error', code: 'ticket-used', message: 'used' }],
    [{ type: 'error', code: 'expired-ticket', message: 'expired' }],
  ] as const)('does not reconnect after %j', (frame) => {
    const h = harness();
    h.client.start();
    h.socket().open();
    h.socket().deliver(welcome('resume-1'));
    h.socket().deliver(frame);
    expect(h.frames.at(-1)).toEqual(frame);
    h.socket().drop();
    vi.advanceTimersByTime(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.statuses.at(-1)).toBe('closed');
    h.client.reconnectNow();
    expect(h.sockets).toHaveLength(1);
  });

  it('reconnects after an error that does not end the visit', () => {
    const h = harness();
    h.client.start();
    h.socket().open();
    h.socket().deliver({ type: 'error', code: 'rate-limited', message: 'slow down' });
    h.socket().drop();
    vi.advanceTimersByTime(250);
    expect(h.sockets).toHaveLength(2);
  });

  it('reconnects at once when asked, without waiting for the backoff', () => {
    const h = harness();
    h.client.start();
    h.socket().open();
    h.socket().deliver(welcome('resume-1'));
    h.socket().drop();
    h.client.reconnectNow();
    expect(h.sockets).toHaveLength(2);
    // The pending backoff timer does not open a third socket.
    vi.advanceTimersByTime(10_000);
    expect(h.sockets).toHaveLength(2);
    // Nor does asking while a socket is there.
    h.client.reconnectNow();
    expect(h.sockets).toHaveLength(2);
  });

  it('says bye when closed, and stays closed', () => {
    const h = harness();
    h.client.start();
    h.socket().open();
    h.socket().deliver(welcome('resume-1'));
    h.client.close();
    expect(h.socket().sent.at(-1)).toEqual({ type: 'bye' });
    expect(h.socket().closedWith).toEqual([1000, 'bye']);
    expect(h.statuses.at(-1)).toBe('closed');
    h.socket().drop(); // the close event arrives afterwards
    vi.advanceTimersByTime(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.socket().sent.filter((f) => f.type === 'ping')).toHaveLength(1);
    expect(h.client.send({ type: 'bye' })).toBe(false);
  });

  it('closes without bye when told not to say it', () => {
    const h = harness();
    h.client.start();
    h.socket().open();
    h.client.close(false);
    expect(h.socket().sent.map((f) => f.type)).toEqual(['join', 'ping']);
    expect(h.socket().closedWith).toEqual([1000, 'bye']);
  });
});
