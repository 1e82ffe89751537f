import { describe, expect, it } from 'vitest';
import { FhirRequestError } from '../fhir/FhirApi';
import {
  ConnectivityMonitor,
  metadataHealthCheck,
  stalenessInfo,
  type ConnectivitySnapshot,
} from './connectivity';

const err = (kind: 'unreachable' | 'server-error' | 'not-found' | 'aborted', status?: number) =>
  new FhirRequestError(kind, kind, { serverUrl: 'http://x', ...(status ? { status } : {}) });

describe('ConnectivityMonitor', () => {
  it('follows browser events, request outcomes and health checks', async () => {
    const target = new EventTarget();
    let clock = 100;
    const monitor = new ConnectivityMonitor({ onLine: true, target }, () => clock);
    const seen: ConnectivitySnapshot[] = [];
    monitor.subscribe((s) => seen.push(s));
    const stop = monitor.start();
    expect(monitor.current).toEqual({ state: 'online', since: 100 });

    clock = 200;
    target.dispatchEvent(new Event('offline'));
    expect(monitor.current).toEqual({
      state: 'offline',
      reason: 'The browser is offline',
      since: 200,
    });
    monitor.reportSuccess(); // the browser is still offline
    expect(monitor.current.state).toBe('offline');
    target.dispatchEvent(new Event('online'));
    expect(monitor.current.state).toBe('online');

    monitor.reportFailure(err('not-found', 404));
    monitor.reportFailure(err('aborted'));
    expect(monitor.current.state).toBe('online');
    monitor.reportFailure(err('server-error', 503));
    expect(monitor.current.state).toBe('degraded');
    monitor.reportFailure(new TypeError('Failed to fetch'));
    expect(monitor.current).toMatchObject({
      state: 'offline',
      reason: 'The server cannot be reached',
    });
    await monitor.check(() => Promise.resolve());
    expect(monitor.current.state).toBe('online');
    expect(seen.map((s) => s.state)).toEqual([
      'offline',
      'online',
      'degraded',
      'offline',
      'online',
    ]);
    stop();
    target.dispatchEvent(new Event('offline'));
    expect(monitor.current.state).toBe('online');
  });

  it('metadata health check: 2xx ok, 5xx degraded, no answer offline', async () => {
    const monitor = new ConnectivityMonitor({ onLine: true });
    const calls: string[] = [];
    const fetchOk = (url: RequestInfo | URL) => {
      calls.push(url instanceof Request ? url.url : url.toString());
      return Promise.resolve(new Response('{}', { status: 200 }));
    };
    await monitor.check(metadataHealthCheck('http://x/fhir/', fetchOk));
    expect(calls).toEqual(['http://x/fhir/metadata']);
    await monitor.check(
      metadataHealthCheck('http://x/fhir', () =>
        Promise.resolve(new Response('', { status: 502 })),
      ),
    );
    expect(monitor.current.state).toBe('degraded');
    await monitor.check(
      metadataHealthCheck('http://x/fhir', () => Promise.reject(new TypeError('down'))),
    );
    expect(monitor.current.state).toBe('offline');
  });

  it('stalenessInfo: banner only when not online, with the as-of time', () => {
    expect(stalenessInfo({ state: 'offline', reason: 'r', since: 1 }, 42)).toEqual({
      state: 'offline',
      reason: 'r',
      asOf: 42,
      showBanner: true,
    });
    expect(stalenessInfo({ state: 'online', since: 1 }, undefined)).toEqual({
      state: 'online',
      showBanner: false,
    });
  });
});
