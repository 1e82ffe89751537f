import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_DEFINITION,
  contentTypeFor,
  createAppRequestHandler,
  handleAppProtocol,
  registerAppSchemeAsPrivileged,
  resolveAppPath,
} from './app-protocol';

let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Workstation</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(base, 'secret.txt'), 'outside the root');
  await writeFile(join(base, 'renderer-evil.txt'), 'sibling with a shared prefix');
  handler = createAppRequestHandler({ root, contentSecurityPolicy: () => "default-src 'self'" });
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('scheme registration', () => {
  it('registers app: as standard, secure, fetch-capable, streaming, without CORS', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppSchemeAsPrivileged(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: false,
          stream: true,
        },
      },
    ]);
    expect(APP_SCHEME_DEFINITION.scheme).toBe('app');
    handleAppProtocol(protocol, handler);
    expect(protocol.handle).toHaveBeenCalledWith('app', handler);
  });
});

describe('app:// handler', () => {
  it('serves index.html for / with the CSP header and an HTML content type', async () => {
    const response = await get('app://workstation/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Workstation</title>');
  });

  it('serves assets with their content type and no CSP header', async () => {
    const js = await get('app://workstation/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBeNull();
    expect(await js.text()).toBe('console.log(1)');
    const css = await get('app://workstation/assets/app.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://workstation/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://workstation/index.html', 'POST');
    expect(post.status).toBe(405);
  });

  it.each([
    'app://workstation/../secret.txt',
    'app://workstation/%2e%2e/secret.txt',
    'app://workstation/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://workstation/..%2fsecret.txt',
    'app://workstation/..%5csecret.txt',
    'app://workstation/..%2frenderer-evil.txt',
    'app://workstation/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://workstation/assets/missing.js',
    'app://other-host/index.html',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/outside the root|shared prefix/);
  });

  it('refuses malformed percent-encoding and NUL bytes with 400', async () => {
    expect((await get('app://workstation/%E0%A4%A')).status).toBe(400);
    expect((await get('app://workstation/index.html%00.js')).status).toBe(400);
  });

  it('falls back to index.html for extension-less client routes only', async () => {
    const route = await get('app://workstation/patients/123');
    expect(route.status).toBe(200);
    expect(route.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect((await get('app://workstation/patients/123.png')).status).toBe(404);
  });
});

describe('resolveAppPath', () => {
  it('stays inside the root', () => {
    expect(resolveAppPath('/srv/r', 'app://workstation/a/b.js')).toEqual({
      ok: true,
      filePath: '/srv/r/a/b.js',
    });
    expect(resolveAppPath('/srv/r', 'app://workstation//etc/passwd')).toEqual({
      ok: true,
      filePath: '/srv/r/etc/passwd',
    });
    expect(resolveAppPath('/srv/r', 'not a url')).toEqual({ ok: false, status: 400 });
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer file types and defaults to octet-stream', () => {
    expect(contentTypeFor('a.SVG')).toBe('image/svg+xml');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('a.exe')).toBe('application/octet-stream');
  });
});
