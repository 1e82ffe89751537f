// @vitest-environment jsdom
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BROWSER_SECRET_PREFIX, BrowserHost, ConfigLoadError } from './BrowserHost';
import type { Host } from './Host';

const validConfig = {
  servers: [
    { id: 'sandbox', name: 'Sandbox', fhirBaseUrl: 'http://127.0.0.1:8080/fhir', clientId: 'cw' },
  ],
  defaultServerId: 'sandbox',
};

function makeHost(fetchImpl: typeof fetch, open = vi.fn()) {
  return new BrowserHost({
    origin: 'http://127.0.0.1:3000',
    fetch: fetchImpl,
    sessionStorage: window.sessionStorage,
    open,
  });
}

describe('BrowserHost', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('loads /config.json from the page origin', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(Response.json(validConfig)));
    const host = makeHost(fetchMock);
    const config = await host.getConfig();
    expect(config.servers[0]?.embedded).toBe(false);
    expect(fetchMock).toHaveBeenCalledWith('http://127.0.0.1:3000/config.json', expect.anything());
    await host.getConfig();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['unreachable', () => Promise.reject(new TypeError('Failed to fetch')), /Cannot reach/],
    ['HTTP error', () => Promise.resolve(new Response('nope', { status: 404 })), /HTTP 404/],
    ['not JSON', () => Promise.resolve(new Response('<html>')), /not valid JSON/],
    [
      'invalid',
      () => Promise.resolve(Response.json({ servers: 'x' })),
      /Invalid configuration at servers/,
    ],
  ])('explains a config that is %s', async (_name, impl, message) => {
    const host = makeHost(vi.fn(impl));
    const error = await host.getConfig().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigLoadError);
    expect((error as Error).message).toMatch(message);
  });

  it('retries the config after a failure', async () => {
    const fetchMock = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('down'))
      .mockResolvedValueOnce(Response.json(validConfig));
    const host = makeHost(fetchMock);
    await expect(host.getConfig()).rejects.toThrow();
    await expect(host.getConfig()).resolves.toMatchObject({ defaultServerId: 'sandbox' });
  });

  it('keeps secrets in memory and sessionStorage, never persistent', async () => {
    const host = makeHost(vi.fn());
    expect(host.secrets.persistent).toBe(false);
    await host.secrets.set('smart.sandbox', 'tok');
    expect(window.sessionStorage.getItem(`${BROWSER_SECRET_PREFIX}smart.sandbox`)).toBe('tok');
    // a new host in the same tab (page reload) still finds it
    await expect(
      makeHost(vi.fn() as unknown as typeof fetch).secrets.get('smart.sandbox'),
    ).resolves.toBe('tok');
    await host.secrets.delete('smart.sandbox');
    await expect(host.secrets.get('smart.sandbox')).resolves.toBeNull();
    expect(window.sessionStorage.length).toBe(0);
  });

  it('uses the page-redirect flow and opens external links with noopener', async () => {
    const open = vi.fn();
    const host = makeHost(vi.fn(), open);
    expect(host.smartRedirect.kind).toBe('page-redirect');
    await host.openExternal('https://example.org/');
    expect(open).toHaveBeenCalledWith('https://example.org/', '_blank', 'noopener');
  });

  it('offers no screen sources: getDisplayMedia shows the browser’s own picker', () => {
    const host: Host = makeHost(vi.fn());
    expect(host.screenSources).toBeUndefined();
  });
});

describe('BrowserHost: print, system lock, audit trail', () => {
  function host(env: Partial<ConstructorParameters<typeof BrowserHost>[0]> = {}) {
    return new BrowserHost({
      origin: 'http://127.0.0.1:3000',
      fetch: () => Promise.reject(new Error('unused')),
      open: vi.fn(),
      ...env,
    });
  }

  it('prints with window.print, naming the PDF through the title, then restores it', async () => {
    const document = { title: 'Clinician workstation' };
    const titles: string[] = [];
    const print = vi.fn(() => titles.push(document.title));
    const browser = host({ print, document });
    await expect(browser.printView({ suggestedFileName: 'Monitoring 2026-11-22' })).resolves.toBe(
      'printed',
    );
    expect(titles).toEqual(['Monitoring 2026-11-22']);
    expect(document.title).toBe('Clinician workstation');
  });

  it('restores the title even when print throws, and rejects without print', async () => {
    const document = { title: 'Clinician workstation' };
    const browser = host({
      print: () => {
        throw new Error('printing blocked');
      },
      document,
    });
    await expect(browser.printView({ suggestedFileName: 'x' })).rejects.toThrow('printing blocked');
    expect(document.title).toBe('Clinician workstation');
    await expect(host().printView({ suggestedFileName: 'x' })).rejects.toThrow(
      'Printing is not available',
    );
  });

  it('never reports a system lock and has no update control', () => {
    const browser: Host = host();
    const listener = vi.fn();
    const off = browser.onSystemLock(listener);
    off();
    expect(listener).not.toHaveBeenCalled();
    expect(browser.updates).toBeUndefined();
  });

  it('keeps the audit trail in IndexedDB', async () => {
    const browser = host({ indexedDB: new IDBFactory() });
    const entry = {
      id: '11111111-2222-4333-8444-555555555555',
      recorded: '2026-11-22T08:00:00Z',
      action: 'locked',
      outcome: 'success',
      user: { reference: 'Practitioner/dr-a' },
      serverId: 'sandbox',
    } as const;
    await browser.auditLog.append(entry);
    expect(await browser.auditLog.list()).toEqual([entry]);
  });
});
