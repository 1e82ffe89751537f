/**
 * Connectivity state for the app-wide banner: 'online', 'degraded' (the server answers but
 * fails or throttles) or 'offline' (the browser is offline, or the server cannot be reached).
 * Inputs: `online`/`offline` events, outcomes the sync engine and outbox report, and an
 * optional health check (`GET [base]/metadata` with a timeout). Pure logic plus a tiny
 * emitter: no React, no timers of its own (the caller schedules health checks).
 */
import { FhirRequestError } from '../fhir/FhirApi';
import type { RequestOutcomeSink } from './sync-engine';

export type ConnectivityState = 'online' | 'degraded' | 'offline';

export interface ConnectivitySnapshot {
  state: ConnectivityState;
  /** Why, for the banner's detail line (e.g. 'The browser is offline'). */
  reason?: string;
  /** When the state last changed (epoch ms). */
  since: number;
}

/** Network failure or no answer (server down, DNS, timeout) vs an answer that was an error. */
function isUnreachable(error: unknown): boolean {
  if (error instanceof FhirRequestError) return error.kind === 'unreachable';
  return (
    error instanceof TypeError || (error instanceof DOMException && error.name === 'TimeoutError')
  );
}

export class ConnectivityMonitor implements RequestOutcomeSink {
  private browserOnline: boolean;
  private serverState: { state: ConnectivityState; reason?: string } = { state: 'online' };
  private snapshot: ConnectivitySnapshot;
  private readonly listeners = new Set<(s: ConnectivitySnapshot) => void>();

  constructor(
    private readonly env: { onLine: boolean; target?: EventTarget } = {
      onLine: typeof navigator === 'undefined' ? true : navigator.onLine,
      target: globalThis,
    },
    private readonly now: () => number = Date.now,
  ) {
    this.browserOnline = env.onLine;
    this.snapshot = { ...this.compute(), since: now() };
  }

  private readonly onOnline = (): void => this.setBrowser(true);
  private readonly onOffline = (): void => this.setBrowser(false);

  /** Listens to the browser's online/offline events; returns the stop function. */
  start(): () => void {
    this.env.target?.addEventListener('online', this.onOnline);
    this.env.target?.addEventListener('offline', this.onOffline);
    return () => {
      this.env.target?.removeEventListener('online', this.onOnline);
      this.env.target?.removeEventListener('offline', this.onOffline);
    };
  }

  get current(): ConnectivitySnapshot {
    return this.snapshot;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  subscribe(listener: (s: ConnectivitySnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setBrowser(online: boolean): void {
    this.browserOnline = online;
    this.update();
  }

  reportSuccess(): void {
    this.serverState = { state: 'online' };
    this.update();
  }

  reportFailure(error: unknown): void {
    if (error instanceof FhirRequestError && error.kind === 'aborted') return;
    if (isUnreachable(error))
      this.serverState = { state: 'offline', reason: 'The server cannot be reached' };
    else {
      const status = error instanceof FhirRequestError ? error.details.status : undefined;
      // Client errors about one request (404, 403, 400) say nothing about the connection.
      if (status !== undefined && status < 500 && status !== 429 && status !== 408) return;
      this.serverState = { state: 'degraded', reason: 'The server is answering with errors' };
    }
    this.update();
  }

  /** Runs a health check and folds its result in. */
  async check(health: () => Promise<void>): Promise<ConnectivitySnapshot> {
    try {
      await health();
      this.reportSuccess();
    } catch (e) {
      this.reportFailure(e);
    }
    return this.snapshot;
  }

  private compute(): { state: ConnectivityState; reason?: string } {
    if (!this.browserOnline) return { state: 'offline', reason: 'The browser is offline' };
    return this.serverState;
  }

  private update(): void {
    const next = this.compute();
    if (next.state === this.snapshot.state && next.reason === this.snapshot.reason) return;
    this.snapshot = { ...next, since: this.now() };
    for (const l of this.listeners) l(this.snapshot);
  }
}

/**
 * A health check: `GET [base]/metadata` that must answer 2xx within `timeoutMs` (default
 * 5 s). Rejects with a FhirRequestError ('unreachable' or 'server-error' with status).
 */
export function metadataHealthCheck(
  baseUrl: string,
  fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
  timeoutMs = 5000,
): () => Promise<void> {
  return async () => {
    const url = `${baseUrl.replace(/\/$/, '')}/metadata`;
    let response: Response;
    try {
      response = await fetchFn(url, {
        headers: { Accept: 'application/fhir+json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new FhirRequestError('unreachable', `No answer from ${baseUrl}`, {
        serverUrl: baseUrl,
        url,
      });
    }
    if (!response.ok) {
      throw new FhirRequestError('server-error', `Health check answered ${response.status}`, {
        serverUrl: baseUrl,
        url,
        status: response.status,
      });
    }
  };
}

/** What the banner shows: state plus "showing records as of <asOf>" for the open patient. */
export interface StalenessInfo {
  state: ConnectivityState;
  reason?: string;
  /** Oldest sync time of the open patient's data (epoch ms); undefined = never synced. */
  asOf?: number;
  /** True when the banner should be shown (not online). */
  showBanner: boolean;
}

export function stalenessInfo(
  snapshot: ConnectivitySnapshot,
  asOf: number | undefined,
): StalenessInfo {
  return {
    state: snapshot.state,
    ...(snapshot.reason ? { reason: snapshot.reason } : {}),
    ...(asOf === undefined ? {} : { asOf }),
    showBanner: snapshot.state !== 'online',
  };
}
