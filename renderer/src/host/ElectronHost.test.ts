import { describe, expect, it, vi } from 'vitest';
import {
  invokeContract,
  type IpcResult,
  type WorkstationBridge,
} from '../../../shared/ipc/contract';
import { ElectronHost, HostCallError } from './ElectronHost';
import { fakeBridge, type Handler } from './fake-bridge';
import { pickHost } from './pickHost';
import { BrowserHost } from './BrowserHost';

const config = {
  servers: [
    {
      id: 'sandbox',
      name: 'Sandbox',
      fhirBaseUrl: 'http://127.0.0.1:8080/fhir',
      clientId: 'cw',
      embedded: true,
    },
  ],
  defaultServerId: 'sandbox',
};

describe('ElectronHost', () => {
  it('unwraps config:get and validates it again', async () => {
    const { bridge } = fakeBridge({ 'config:get': () => ({ ok: true, value: config }) });
    const host = new ElectronHost(bridge);
    expect(host.kind).toBe('electron');
    await expect(host.getConfig()).resolves.toMatchObject({ defaultServerId: 'sandbox' });
  });

  it('turns { ok: false } into a thrown HostCallError with main’s message', async () => {
    const { bridge } = fakeBridge({ 'config:get': () => ({ ok: false, error: 'disk on fire' }) });
    const host = new ElectronHost(bridge);
    const error = await host.getConfig().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostCallError);
    expect((error as Error).message).toBe('disk on fire');
  });

  it('rejects an invalid config even when main sent it', async () => {
    const bad = { servers: [], defaultServerId: 'nope' };
    const { bridge } = fakeBridge({ 'config:get': () => ({ ok: true, value: bad }) });
    await expect(new ElectronHost(bridge).getConfig()).rejects.toThrow(/defaultServerId/);
  });

  it('stores secrets in the vault and reads them back', async () => {
    const vault = new Map<string, string>();
    const { bridge, calls } = fakeBridge({
      'app:info': () => ({
        ok: true,
        value: { version: '1', platform: 'linux', secretsPersistent: true },
      }),
      'secrets:set': (r) => {
        const { key, value } = r as { key: string; value: string };
        vault.set(key, value);
        return { ok: true, value: null };
      },
      'secrets:get': (r) => ({ ok: true, value: vault.get((r as { key: string }).key) ?? null }),
      'secrets:delete': (r) => {
        vault.delete((r as { key: string }).key);
        return { ok: true, value: null };
      },
    });
    const host = new ElectronHost(bridge);
    await host.secrets.set('smart.a', 'token');
    expect(vault.get('smart.a')).toBe('token');
    await expect(host.secrets.get('smart.a')).resolves.toBe('token');
    await host.secrets.delete('smart.a');
    await expect(host.secrets.get('smart.a')).resolves.toBeNull();
    expect(host.secrets.persistent).toBe(true);
    expect(calls.map((c) => c.channel)).toContain('secrets:delete');
  });

  it('keeps a refused secret in memory only and reports persistent=false', async () => {
    const { bridge } = fakeBridge({
      'app:info': () => ({
        ok: true,
        value: { version: '1', platform: 'linux', secretsPersistent: true },
      }),
      'secrets:set': () => ({ ok: false, error: 'safeStorage uses basic_text' }),
      'secrets:get': () => ({ ok: true, value: null }),
      'secrets:delete': () => ({ ok: true, value: null }),
    });
    const host = new ElectronHost(bridge);
    await host.secrets.set('smart.a', 'token');
    expect(host.secrets.persistent).toBe(false);
    await expect(host.secrets.get('smart.a')).resolves.toBe('token');
    await host.secrets.delete('smart.a');
    await expect(host.secrets.get('smart.a')).resolves.toBeNull();
  });

  it('runs the loopback redirect through smart:loopback-start and -wait', async () => {
    const { bridge, calls } = fakeBridge({
      'smart:loopback-start': () => ({
        ok: true,
        value: { listenerId: 'L1', redirectUri: 'http://127.0.0.1:5555/callback' },
      }),
      'smart:loopback-wait': () => ({ ok: true, value: { code: 'abc', state: 's1' } }),
    });
    const host = new ElectronHost(bridge);
    if (host.smartRedirect.kind !== 'loopback') throw new Error('expected loopback');
    const started = await host.smartRedirect.start();
    expect(started.redirectUri).toBe('http://127.0.0.1:5555/callback');
    await expect(started.result(1000)).resolves.toEqual({ code: 'abc', state: 's1' });
    expect(calls.find((c) => c.channel === 'smart:loopback-wait')?.request).toEqual({
      listenerId: 'L1',
      timeoutMs: 1000,
    });
  });

  it('opens external URLs through shell:open-external', async () => {
    const { bridge, calls } = fakeBridge({
      'shell:open-external': () => ({ ok: true, value: null }),
    });
    await new ElectronHost(bridge).openExternal('https://example.org/authorize');
    expect(calls.at(-1)).toEqual({
      channel: 'shell:open-external',
      request: { url: 'https://example.org/authorize' },
    });
  });

  it('asks main for the knock notification, and shows nothing when main refuses', async () => {
    const { bridge, calls } = fakeBridge({
      'app:notify': () => ({ ok: true, value: { shown: true } }),
    });
    const note = { title: 'Patient waiting', body: 'Margaret Thompson' };
    expect(await new ElectronHost(bridge).notify(note)).toBe(true);
    expect(calls.find((c) => c.channel === 'app:notify')?.request).toEqual(note);
    const refused = fakeBridge({});
    expect(await new ElectronHost(refused.bridge).notify(note)).toBe(false);
  });

  it('delivers valid EHR launches and drops malformed ones; unsubscribes', () => {
    const { bridge, emit } = fakeBridge({});
    const host = new ElectronHost(bridge);
    const listener = vi.fn();
    const off = host.onEhrLaunch(listener);
    emit('launch:ehr', { iss: 'https://ehr.example/fhir', launch: 'xyz' });
    emit('launch:ehr', { iss: 'not a url', launch: 'xyz' });
    off();
    emit('launch:ehr', { iss: 'https://ehr.example/fhir', launch: 'again' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ iss: 'https://ehr.example/fhir', launch: 'xyz' });
  });
});

describe('ElectronHost cold-start EHR launch (launch:pending)', () => {
  const launch = { iss: 'https://ehr.example/fhir', launch: 'cold' };
  /** Like main: hands the pending launch over once, then answers null. */
  function onceThenNull(value: unknown): Handler {
    let taken = false;
    return () => {
      const reply = { ok: true as const, value: taken ? null : value };
      taken = true;
      return reply;
    };
  }
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('asks main once and delivers the pending launch, then keeps listening to events', async () => {
    const { bridge, calls, emit } = fakeBridge({ 'launch:pending': onceThenNull(launch) });
    const host = new ElectronHost(bridge);
    const listener = vi.fn();
    host.onEhrLaunch(listener);
    await flush();
    expect(listener).toHaveBeenCalledWith(launch);
    emit('launch:ehr', { iss: 'https://ehr.example/fhir', launch: 'warm' });
    expect(listener).toHaveBeenLastCalledWith({ iss: 'https://ehr.example/fhir', launch: 'warm' });
    expect(listener).toHaveBeenCalledTimes(2);

    // A later subscriber (the effect re-runs when servers change) does not get it again.
    const later = vi.fn();
    host.onEhrLaunch(later);
    await flush();
    expect(later).not.toHaveBeenCalled();
    expect(calls.filter((c) => c.channel === 'launch:pending')).toHaveLength(1);
  });

  it('hands the launch to the subscriber still listening when it arrives', async () => {
    const { bridge } = fakeBridge({ 'launch:pending': onceThenNull(launch) });
    const host = new ElectronHost(bridge);
    const first = vi.fn();
    const second = vi.fn();
    host.onEhrLaunch(first)(); // subscribed and gone before main answered (StrictMode)
    host.onEhrLaunch(second);
    await flush();
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledExactlyOnceWith(launch);
  });

  it('delivers nothing for null, a malformed launch or a refused call', async () => {
    for (const handler of [
      onceThenNull(null),
      onceThenNull({ iss: 'not a url', launch: 'x' }),
      (): IpcResult<unknown> => ({ ok: false, error: 'no launch for you' }),
    ]) {
      const { bridge, emit } = fakeBridge({ 'launch:pending': handler });
      const listener = vi.fn();
      new ElectronHost(bridge).onEhrLaunch(listener);
      await flush();
      expect(listener).not.toHaveBeenCalled();
      emit('launch:ehr', launch);
      expect(listener).toHaveBeenCalledExactlyOnceWith(launch);
    }
  });
});

describe('ElectronHost screen sources (screen:sources / screen:choose)', () => {
  const sources = [
    {
      id: 'screen:0:0',
      name: 'Entire screen',
      kind: 'screen',
      thumbnail: 'data:image/png;base64,AA',
    },
    { id: 'window:42:0', name: 'Lab results', kind: 'window', thumbnail: 'data:image/png;base64,' },
  ];
  /** Main's side, checked against the real contract in both directions. */
  function contractBridge(listed: unknown = sources) {
    const chosen: unknown[] = [];
    return {
      chosen,
      ...fakeBridge({
        'screen:sources': (request) => {
          invokeContract['screen:sources'].request.parse(request);
          return { ok: true, value: listed };
        },
        'screen:choose': (request) => {
          const { sourceId } = invokeContract['screen:choose'].request.parse(request);
          chosen.push(sourceId);
          return { ok: true, value: invokeContract['screen:choose'].response.parse(null) };
        },
      }),
    };
  }

  it('lists the sources main offers', async () => {
    invokeContract['screen:sources'].response.parse(sources);
    const { bridge } = contractBridge();
    const host = new ElectronHost(bridge);
    await expect(host.screenSources.list()).resolves.toEqual(sources);
  });

  it('names the chosen source, or null to cancel', async () => {
    const { bridge, chosen, calls } = contractBridge();
    const host = new ElectronHost(bridge);
    await host.screenSources.choose('window:42:0');
    await host.screenSources.choose(null);
    expect(chosen).toEqual(['window:42:0', null]);
    expect(calls.filter((c) => c.channel === 'screen:choose').map((c) => c.request)).toEqual([
      { sourceId: 'window:42:0' },
      { sourceId: null },
    ]);
  });

  it('rejects a source list that breaks the contract (e.g. a remote thumbnail URL)', async () => {
    const bad = [{ ...sources[0], thumbnail: 'https://tracker.example/pixel.png' }];
    const { bridge } = contractBridge(bad);
    const error = await new ElectronHost(bridge).screenSources.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostCallError);
  });

  it('turns main’s refusal of a choice into a HostCallError', async () => {
    const { bridge } = fakeBridge({
      'screen:choose': () => ({ ok: false, error: 'That screen or window is not offered' }),
    });
    await expect(new ElectronHost(bridge).screenSources.choose('screen:9:0')).rejects.toThrow(
      'That screen or window is not offered',
    );
  });
});

describe('pickHost', () => {
  const base = {
    location: { origin: 'http://127.0.0.1:3000' },
    fetch: () => Promise.reject(new Error('unused')),
    open: () => null,
  };
  it('picks ElectronHost when the bridge exists', () => {
    const { bridge } = fakeBridge({});
    expect(pickHost({ ...base, workstation: bridge })).toBeInstanceOf(ElectronHost);
  });
  it('picks BrowserHost otherwise', () => {
    expect(pickHost(base)).toBeInstanceOf(BrowserHost);
    expect(pickHost({ ...base, workstation: {} as WorkstationBridge })).toBeInstanceOf(BrowserHost);
  });
});
