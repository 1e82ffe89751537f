import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoopbackListener } from './smart-loopback';
import { LoopbackRegistry, LoopbackTimeoutError, startLoopbackListener } from './smart-loopback';

const open: LoopbackListener[] = [];
async function start(lifetimeMs?: number): Promise<LoopbackListener> {
  const listener = await startLoopbackListener(lifetimeMs ? { lifetimeMs } : {});
  open.push(listener);
  return listener;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

/** A raw request, so method and Host header can be anything. */
function raw(
  url: string,
  options: { method?: string; host?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? target.host },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('startLoopbackListener', () => {
  it('listens on 127.0.0.1 with a /callback redirect URI', async () => {
    const listener = await start();
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  });

  it('resolves with code and state and tells the browser it is done', async () => {
    const listener = await start();
    const waiting = listener.wait(5000);
    const response = await fetch(`${listener.redirectUri}?code=abc&state=xyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain(
      'Sign-in complete — you can close this tab and return to the workstation',
    );
    await expect(waiting).resolves.toEqual({ code: 'abc', state: 'xyz' });
  });

  it('keeps a callback that arrives before anyone waits', async () => {
    const listener = await start();
    await fetch(`${listener.redirectUri}?code=early&state=s`);
    await expect(listener.wait(1000)).resolves.toEqual({ code: 'early', state: 's' });
  });

  it('resolves with an authorization error and shows it escaped', async () => {
    const listener = await start();
    const waiting = listener.wait(5000);
    const response = await fetch(
      `${listener.redirectUri}?error=access_denied&error_description=${encodeURIComponent('<b>no</b>')}&state=s`,
    );
    const body = await response.text();
    expect(body).toContain('Sign-in failed (access_denied: &#60;b&#62;no&#60;/b&#62;)');
    expect(body).not.toContain('<b>');
    await expect(waiting).resolves.toEqual({
      error: 'access_denied',
      errorDescription: '<b>no</b>',
      state: 's',
    });
  });

  it('ignores other paths, methods, hosts and empty callbacks, then still accepts the real one', async () => {
    const listener = await start();
    const base = new URL(listener.redirectUri);
    expect((await raw(`${base.origin}/favicon.ico`)).status).toBe(404);
    expect((await raw(`${base.origin}/callback/x?code=a`)).status).toBe(404);
    expect((await raw(`${listener.redirectUri}?code=a`, { method: 'POST' })).status).toBe(405);
    expect((await raw(`${listener.redirectUri}?code=a`, { host: 'evil.example' })).status).toBe(
      400,
    );
    expect((await raw(listener.redirectUri)).status).toBe(400);
    const waiting = listener.wait(5000);
    expect((await raw(`${listener.redirectUri}?code=real`)).status).toBe(200);
    await expect(waiting).resolves.toEqual({ code: 'real' });
  });

  it('is one-shot: the server is gone after the first callback', async () => {
    const listener = await start();
    const waiting = listener.wait(5000);
    await fetch(`${listener.redirectUri}?code=first`);
    await expect(waiting).resolves.toEqual({ code: 'first' });
    await expect(fetch(`${listener.redirectUri}?code=second`)).rejects.toThrow();
  });

  it('times out and closes', async () => {
    const listener = await start();
    await expect(listener.wait(50)).rejects.toBeInstanceOf(LoopbackTimeoutError);
    await expect(fetch(`${listener.redirectUri}?code=late`)).rejects.toThrow();
  });

  it('closes itself when nobody waits within its lifetime', async () => {
    const listener = await start(50);
    await new Promise((r) => setTimeout(r, 120));
    await expect(fetch(`${listener.redirectUri}?code=late`)).rejects.toThrow();
    await expect(listener.wait(1000)).rejects.toBeInstanceOf(LoopbackTimeoutError);
  });
});

describe('LoopbackRegistry', () => {
  it('starts listeners by id and lets each be waited on once', async () => {
    const registry = new LoopbackRegistry();
    const { listenerId, redirectUri } = await registry.open();
    const waiting = registry.wait(listenerId, 5000);
    await fetch(`${redirectUri}?code=c&state=s`);
    await expect(waiting).resolves.toEqual({ code: 'c', state: 's' });
    await expect(registry.wait(listenerId, 100)).rejects.toThrow('Unknown or finished');
  });

  it('closes listeners nobody waited on', async () => {
    const registry = new LoopbackRegistry();
    const { redirectUri } = await registry.open();
    await registry.closeAll();
    await expect(fetch(`${redirectUri}?code=c`)).rejects.toThrow();
  });
});
