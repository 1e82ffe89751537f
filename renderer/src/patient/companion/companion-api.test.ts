import { describe, expect, it } from 'vitest';
import { createCompanionApi, parseRetryAfter } from './companion-api';
import type { ReadingBody } from './companion-schemas';
import { FakeCompanionServer, ORIGIN, TICKET, message, profile } from './test-fakes';

function setup(ticket = TICKET) {
  const server = new FakeCompanionServer();
  const api = createCompanionApi({ ticket, origin: ORIGIN, fetch: server.fetch });
  return { server, api };
}

const bp: ReadingBody = {
  id: '00000000-0000-4000-8000-000000000001',
  metric: 'blood-pressure',
  systolic: 142,
  diastolic: 91,
  unit: 'mm[Hg]',
  at: '2026-11-02T07:15:00+01:00',
};

describe('createCompanionApi', () => {
  it('reads the profile from the same origin with the ticket as a Bearer token', async () => {
    const { server, api } = setup();
    expect(await api.fetchProfile()).toEqual({ ok: true, value: profile() });
    expect(server.requests).toEqual([
      {
        method: 'GET',
        url: 'https://visit.example/companion/me',
        headers: { authorization: `Bearer ${TICKET}`, accept: 'application/json' },
        body: undefined,
      },
    ]);
  });

  it('returns the feedback messages', async () => {
    const { server, api } = setup();
    server.messages = [message({ id: 'b' }), message({ id: 'a', sent: null, sender: null })];
    const result = await api.fetchFeedback();
    expect(result.ok && result.value.map((m) => [m.id, m.sent, m.sender])).toEqual([
      ['b', '2026-10-03T18:30:00+02:00', 'Dr. Sofia Bianchi'],
      ['a', null, null],
    ]);
  });

  it('posts a reading as JSON; a repeat of the same body is a success marked duplicate', async () => {
    const { server, api } = setup();
    const first = await api.submitReading(bp);
    expect(first).toEqual({
      ok: true,
      value: {
        id: 'cmp-00000000',
        at: '2026-11-02T07:15:00+01:00',
        recordedAt: '2026-11-02T06:15:02Z',
        duplicate: false,
      },
    });
    const again = await api.submitReading(bp);
    expect(again.ok && again.value.duplicate).toBe(true);
    const [post] = server.calls('readings');
    expect(post?.method).toBe('POST');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.body).toEqual(bp);
  });

  it('says a refused link is expired, with the server message', async () => {
    const { api } = setup('eyJ.not-the-right-ticket.at-all');
    expect(await api.fetchProfile()).toEqual({
      ok: false,
      error: { kind: 'expired', status: 401, message: 'this link has expired or was withdrawn' },
    });
  });

  it('passes on 429 with how long to wait', async () => {
    const { server, api } = setup();
    server.failNext('feedback', {
      status: 429,
      body: { error: 'too many requests' },
      headers: { 'Retry-After': '12' },
    });
    expect(await api.fetchFeedback()).toEqual({
      ok: false,
      error: {
        kind: 'rate-limited',
        status: 429,
        message: 'too many requests',
        retryAfterMs: 12_000,
      },
    });
  });

  it('keeps a network failure apart from an answer', async () => {
    const { server, api } = setup();
    server.failNext('readings', 'network');
    expect(await api.submitReading(bp)).toEqual({
      ok: false,
      error: { kind: 'network', message: 'Failed to fetch' },
    });
  });

  it('names the field of a 422 and keeps the server message', async () => {
    const { server, api } = setup();
    server.failNext('readings', {
      status: 422,
      body: { error: 'at: the reading is dated in the future', field: 'at' },
    });
    expect(await api.submitReading(bp)).toEqual({
      ok: false,
      error: {
        kind: 'http',
        status: 422,
        message: 'at: the reading is dated in the future',
        field: 'at',
      },
    });
  });

  it('reports an error answer without a JSON body by its status', async () => {
    const { server, api } = setup();
    server.failNext('me', { status: 502 });
    expect(await api.fetchProfile()).toEqual({
      ok: false,
      error: { kind: 'http', status: 502, message: 'HTTP 502' },
    });
  });

  it('refuses an answer that breaks the contract', async () => {
    const { server, api } = setup();
    server.failNext('feedback', {
      status: 200,
      body: { messages: [{ ...message(), text: { div: '<b>x</b>' } }] },
    });
    expect(await api.fetchFeedback()).toEqual({
      ok: false,
      error: {
        kind: 'invalid-response',
        status: 200,
        message: 'messages.0.text: Invalid input: expected string, received object',
      },
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 2, 6, 0, 0);

  it('reads delay-seconds and an HTTP-date', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Mon, 02 Nov 2026 06:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Nov 2026 05:59:00 GMT', now)).toBe(0);
  });

  it('waits 5 s when the header is missing or unreadable, and at most 5 min', () => {
    expect(parseRetryAfter(null, now)).toBe(5_000);
    expect(parseRetryAfter('soon', now)).toBe(5_000);
    expect(parseRetryAfter('-3', now)).toBe(5_000);
    expect(parseRetryAfter('86400', now)).toBe(300_000);
  });
});
