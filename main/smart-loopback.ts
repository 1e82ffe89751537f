/**
 * The loopback redirect listener for SMART sign-in through the system browser
 * (RFC 8252 §7.3 and §8.3: native apps receive the authorization response on
 * `http://127.0.0.1:<ephemeral port>/<path>`).
 *
 * One-shot: the first callback carrying `code` or `error` settles it, the browser gets a
 * short page, the server closes. Bound to 127.0.0.1 only; GET only; any other path is a 404.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOOPBACK_HOST = '127.0.0.1';
export const CALLBACK_PATH = '/callback';
/** A listener nobody waits on closes itself after this long. */
export const DEFAULT_LIFETIME_MS = 15 * 60_000;

/** The authorization response (RFC 6749 §4.1.2 and §4.1.2.1), camel-cased. */
export interface LoopbackResult {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/callback`: send it as `redirect_uri`. */
  readonly redirectUri: string;
  /** Resolves with the callback's query; rejects after `timeoutMs` (and closes). */
  wait(timeoutMs: number): Promise<LoopbackResult>;
  close(): Promise<void>;
}

export class LoopbackTimeoutError extends Error {
  constructor() {
    super('Timed out waiting for the sign-in to finish in the browser');
    this.name = 'LoopbackTimeoutError';
  }
}

/** Start one listener on an ephemeral 127.0.0.1 port. */
export async function startLoopbackListener(
  options: { lifetimeMs?: number; log?: (line: string) => void } = {},
): Promise<LoopbackListener> {
  const log = options.log ?? (() => undefined);
  let settle: ((outcome: { result: LoopbackResult } | { error: Error }) => void) | undefined;
  const outcome = new Promise<{ result: LoopbackResult } | { error: Error }>((resolve) => {
    settle = resolve;
  });
  let settled = false;
  const finish = (value: { result: LoopbackResult } | { error: Error }): void => {
    if (settled) return;
    settled = true;
    settle?.(value);
  };

  let port = 0;
  const server = createServer((request, response) => {
    const handled = handleRequest(request, response, `${LOOPBACK_HOST}:${port}`, settled);
    if (handled) {
      response.on('finish', () => void closeServer());
      finish({ result: handled });
    }
  });

  let closing: Promise<void> | undefined;
  const closeServer = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const lifetime = setTimeout(() => {
    log('[loopback] listener expired unused');
    finish({ error: new LoopbackTimeoutError() });
    void closeServer();
  }, options.lifetimeMs ?? DEFAULT_LIFETIME_MS);
  lifetime.unref();

  return {
    redirectUri: `http://${LOOPBACK_HOST}:${port}${CALLBACK_PATH}`,
    async wait(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<{ error: Error }>((resolve) => {
        timer = setTimeout(() => resolve({ error: new LoopbackTimeoutError() }), timeoutMs);
      });
      const first = await Promise.race([outcome, timeout]);
      clearTimeout(timer);
      finish(first);
      await closeServer();
      if ('error' in first) throw first.error;
      return first.result;
    },
    close() {
      finish({ error: new Error('Sign-in listener closed') });
      return closeServer();
    },
  };
}

/**
 * Answer one request. Returns the result when this request is the authorization response.
 */
function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  expectedHost: string,
  alreadySettled: boolean,
): LoopbackResult | undefined {
  // A page elsewhere could make the browser request us through a rebound DNS name.
  if (request.headers.host !== expectedHost) {
    send(response, 400, 'Bad request');
    return undefined;
  }
  const url = new URL(request.url ?? '/', `http://${expectedHost}`);
  if (url.pathname !== CALLBACK_PATH || alreadySettled) {
    send(response, 404, 'Not found');
    return undefined;
  }
  if (request.method !== 'GET') {
    response.setHeader('Allow', 'GET');
    send(response, 405, 'Method not allowed');
    return undefined;
  }
  const query = url.searchParams;
  const result: LoopbackResult = {};
  const code = query.get('code');
  const state = query.get('state');
  const error = query.get('error');
  const errorDescription = query.get('error_description');
  if (code !== null) result.code = code;
  if (state !== null) result.state = state;
  if (error !== null) result.error = error;
  if (errorDescription !== null) result.errorDescription = errorDescription;
  if (result.code === undefined && result.error === undefined) {
    send(response, 400, 'This page expects a sign-in response (code or error).');
    return undefined;
  }
  if (result.error !== undefined) {
    const detail = result.errorDescription ? `: ${result.errorDescription}` : '';
    send(response, 200, `Sign-in failed (${result.error}${detail}). Return to the workstation.`);
  } else {
    send(response, 200, 'Sign-in complete — you can close this tab and return to the workstation.');
  }
  return result;
}

function send(response: ServerResponse, status: number, message: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Clinician workstation</title></head><body style="font-family:system-ui,sans-serif;margin:3rem"><p>${escapeHtml(message)}</p></body></html>`;
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  response.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Listeners by id, for the `smart:loopback-start` / `smart:loopback-wait` channels: the
 * renderer starts one, builds the authorization URL with its redirect URI, opens the
 * browser, then waits on the id.
 */
export class LoopbackRegistry {
  private readonly listeners = new Map<string, LoopbackListener>();

  constructor(
    private readonly start: () => Promise<LoopbackListener> = () => startLoopbackListener(),
  ) {}

  async open(): Promise<{ listenerId: string; redirectUri: string }> {
    const listener = await this.start();
    const listenerId = randomUUID();
    this.listeners.set(listenerId, listener);
    return { listenerId, redirectUri: listener.redirectUri };
  }

  /** Wait once; the id is forgotten afterwards, whatever the outcome. */
  async wait(listenerId: string, timeoutMs: number): Promise<LoopbackResult> {
    const listener = this.listeners.get(listenerId);
    if (!listener) throw new Error('Unknown or finished sign-in listener');
    this.listeners.delete(listenerId);
    return listener.wait(timeoutMs);
  }

  async closeAll(): Promise<void> {
    const all = [...this.listeners.values()];
    this.listeners.clear();
    await Promise.all(all.map((l) => l.close()));
  }
}
