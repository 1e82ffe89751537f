/**
 * The privileged `app://` scheme the renderer is served from. A standard, secure scheme gives
 * the renderer a real origin (`app://workstation`), so IndexedDB and the sender-origin checks
 * stay stable across updates, unlike `file://`.
 * See https://www.electronjs.org/docs/latest/api/protocol#protocolhandlescheme-handler
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Privileges for `app:`. `corsEnabled: false` because nothing else should fetch from it;
 * `stream: true` lets <video>/<audio> read ranges of bundled media.
 */
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: false,
    stream: true,
  },
};

/** Must run before `app` is ready (Electron refuses it afterwards). */
export function registerAppSchemeAsPrivileged(
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>,
): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
};

/** Content type for a file name; unknown types are served as opaque bytes. */
export function contentTypeFor(filePath: string): string {
  return contentTypes[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type ResolvedAppPath = { ok: true; filePath: string } | { ok: false; status: 400 | 404 };

/**
 * Map an `app://workstation/...` URL to a file under `root`, refusing anything that would
 * leave it: the path is percent-decoded, normalized and must still be inside `root`
 * (encoded `..`, backslashes, NUL bytes and other hosts all end in 400/404).
 */
export function resolveAppPath(root: string, requestUrl: string): ResolvedAppPath {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname.toLowerCase() !== APP_HOST) {
    return { ok: false, status: 404 };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400 };
  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : decoded;
  const rootDir = resolve(root);
  const filePath = resolve(rootDir, normalize(`.${sep}${relativePath.replaceAll('\\', '/')}`));
  const fromRoot = relative(rootDir, filePath);
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) {
    return { ok: false, status: 404 };
  }
  return { ok: true, filePath };
}

export interface AppRequestHandlerOptions {
  /** Absolute path of the built renderer (out/renderer). */
  root: string;
  /** Called per HTML response, so connect-src can follow the loaded config. */
  contentSecurityPolicy: () => string;
  log?: (line: string) => void;
}

/**
 * The `protocol.handle('app', …)` handler: GET/HEAD of files under `root`, HTML with the CSP
 * header, `nosniff` everywhere. Extension-less paths that do not exist fall back to
 * index.html so a reload on a client-side route still loads the app.
 */
export function createAppRequestHandler(
  options: AppRequestHandlerOptions,
): (request: Request) => Promise<Response> {
  const log = options.log ?? (() => undefined);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    const resolved = resolveAppPath(options.root, request.url);
    if (!resolved.ok) {
      log(`[app://] ${resolved.status} for ${request.url}`);
      return plain(resolved.status, resolved.status === 404 ? 'Not found' : 'Bad request');
    }
    let filePath = resolved.filePath;
    if (!(await isFile(filePath))) {
      const fallback = resolve(options.root, 'index.html');
      if (extname(filePath) !== '' || !(await isFile(fallback))) {
        return plain(404, 'Not found');
      }
      filePath = fallback;
    }
    const body = await readFile(filePath);
    const type = contentTypeFor(filePath);
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Content-Length': String(body.byteLength),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = options.contentSecurityPolicy();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers,
    });
  };
}

/** Install the handler for `app:` (after `app` is ready). */
export function handleAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  handler: (request: Request) => Promise<Response>,
): void {
  protocol.handle(APP_SCHEME, handler);
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    },
  });
}
