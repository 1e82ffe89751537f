/**
 * A fake companion server behind a `fetch` for the page's tests: it checks the Bearer ticket,
 * answers `/companion/me` and `/companion/feedback` from its fields, and stores readings exactly
 * once per id the way the real one does (same body again → 200 duplicate, same id with other
 * values → 409). A test queues failures (`failNext`) to play a lost network or an error answer.
 * Not shipped: only tests import this file.
 */
import type { CompanionProfile, FeedbackMessage, ReadingBody } from './companion-schemas';

export const TICKET = 'eyJhbGciOiJIUzI1NiJ9.eyJraW5kIjoiY29tcGFuaW9uIn0.c2lnbmF0dXJl';
export const ORIGIN = 'https://visit.example';

export function profile(overrides: Partial<CompanionProfile> = {}): CompanionProfile {
  return {
    patient: { name: 'Maria Grazia Rossi', preferredLanguage: 'en', languages: ['en'] },
    plan: { status: 'active', title: 'Remote monitoring: heart failure' },
    metrics: [
      { metric: 'blood-pressure', units: ['mm[Hg]'], perDay: 2, canSubmit: true },
      { metric: 'weight', units: ['kg', '[lb_av]'], perDay: 1, canSubmit: true },
      { metric: 'glucose', units: ['mg/dL', 'mmol/L'], perDay: null, canSubmit: true },
      { metric: 'spo2', units: ['%'], perDay: null, canSubmit: false },
    ],
    link: { id: 'link-0001', expiresAt: 1_800_000_000_000 },
    ...overrides,
  };
}

export function message(overrides: Partial<FeedbackMessage> = {}): FeedbackMessage {
  return {
    id: 'msg-1',
    sent: '2026-10-03T18:30:00+02:00',
    sender: 'Dr. Sofia Bianchi',
    language: 'en',
    text: 'Your readings look stable.',
    omittedParts: 0,
    ...overrides,
  };
}

type Route = 'me' | 'feedback' | 'readings';
/** A queued answer: no network at all, or a status with a JSON body and headers. */
export type FakeFailure =
  'network' | { status: number; body?: unknown; headers?: Record<string, string> };

export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export class FakeCompanionServer {
  profile: CompanionProfile = profile();
  messages: FeedbackMessage[] = [message()];
  /** Stored readings by id, as the page sent them. */
  readonly stored = new Map<string, ReadingBody>();
  readonly requests: SeenRequest[] = [];
  /** When true every call is refused with 401 (the link was withdrawn). */
  withdrawn = false;
  private readonly queued: Record<Route, FakeFailure[]> = { me: [], feedback: [], readings: [] };

  failNext(route: Route, failure: FakeFailure): void {
    this.queued[route].push(failure);
  }

  /** Queued failures not yet used. */
  queuedFor(route: Route): number {
    return this.queued[route].length;
  }

  /** Requests to one route, in order. */
  calls(route: Route): SeenRequest[] {
    return this.requests.filter((r) => r.url === `${ORIGIN}/companion/${route}`);
  }

  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    this.requests.push({ method: init?.method ?? 'GET', url, headers, body });
    const route = /\/companion\/(me|feedback|readings)$/.exec(url)?.[1] as Route | undefined;
    if (!route || !url.startsWith(`${ORIGIN}/`))
      return Promise.resolve(json(404, { error: 'not found' }));
    const failure = this.queued[route].shift();
    if (failure === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (failure) return Promise.resolve(json(failure.status, failure.body, failure.headers));
    if (this.withdrawn || headers.authorization !== `Bearer ${TICKET}`)
      return Promise.resolve(json(401, { error: 'this link has expired or was withdrawn' }));
    if (route === 'me') return Promise.resolve(json(200, this.profile));
    if (route === 'feedback') return Promise.resolve(json(200, { messages: this.messages }));
    return Promise.resolve(this.store(body as ReadingBody));
  };

  private store(body: ReadingBody): Response {
    const answer = (duplicate: boolean) => ({
      id: `cmp-${body.id.slice(0, 8)}`,
      at: body.at ?? '2026-11-02T07:15:00+01:00',
      recordedAt: '2026-11-02T06:15:02Z',
      duplicate,
    });
    const before = this.stored.get(body.id);
    if (before === undefined) {
      this.stored.set(body.id, body);
      return json(201, answer(false));
    }
    if (JSON.stringify(before) === JSON.stringify(body)) return json(200, answer(true));
    return json(409, { error: 'this reading id was already used', field: 'id' });
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });
}

/** Ids like `00000000-0000-4000-8000-000000000001`, in order, so tests can name them. */
export function sequentialIds(): () => string {
  let n = 0;
  return () => {
    n++;
    return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  };
}
