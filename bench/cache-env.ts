/**
 * Shared setup of the cache benchmarks: builds bench/cache-page with Vite, serves it from
 * http://127.0.0.1 (a secure context, so crypto.subtle exists), starts the sandbox in-process,
 * fetches the demo patients' `$everything` in Node with a real token, launches Debian
 * Chromium and fills the page's encrypted and raw databases. `close()` stops all of it.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { Bundle, FhirResource } from 'fhir/r4';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startSandbox, type Sandbox } from '../server/sandbox/index';
import { getSandboxToken } from '../server/sandbox/test-client';
import { EVERYTHING_PAGE_SIZE } from '../renderer/src/features/records/load-chart';
import { chromiumArgs, chromiumExecutable } from '../test/support/chromium';

export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** The two patients every cache benchmark measures. */
export const BENCH_PATIENTS = ['sandbox-median', 'sandbox-large'] as const;
export type BenchPatientId = (typeof BENCH_PATIENTS)[number];

export interface CacheEnv {
  page: Page;
  fhirBaseUrl: string;
  token: string;
  /** Resources per patient as synced ($everything, all pages). */
  counts: Record<BenchPatientId, number>;
  /** Calls `window.cacheBench[name](arg)` in the page; returns its number (elapsed ms). */
  call(name: string, arg: unknown): Promise<number>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

async function serveStatic(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

async function fetchEverything(
  fhirBaseUrl: string,
  token: string,
  patientId: string,
): Promise<FhirResource[]> {
  const resources: FhirResource[] = [];
  let url: string | undefined =
    `${fhirBaseUrl}/Patient/${patientId}/$everything?_count=${EVERYTHING_PAGE_SIZE}`;
  while (url) {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
    });
    if (!response.ok) throw new Error(`$everything ${patientId}: HTTP ${response.status}`);
    const bundle = (await response.json()) as Bundle<FhirResource>;
    for (const entry of bundle.entry ?? []) {
      if (entry.resource) resources.push(entry.resource);
    }
    url = bundle.link?.find((l) => l.relation === 'next')?.url;
  }
  return resources;
}

/**
 * Runs a `window.cacheBench` function by name. Source text, not a compiled function: tsx's
 * keep-names helper (`__name`) does not exist inside the page.
 */
const CALL_SCRIPT = `async ([name, arg]) => {
  if (!window.cacheBench) throw new Error('cache page not loaded');
  return window.cacheBench[name](arg);
}`;

async function callInPage(page: Page, name: string, arg: unknown): Promise<number> {
  const result: unknown = await page.evaluate(
    ([source, value]) => {
      const fn = (0, eval)(source) as (v: unknown) => Promise<unknown>;
      return fn(value);
    },
    [CALL_SCRIPT, [name, arg]] as const,
  );
  if (typeof result !== 'number') throw new Error(`cacheBench.${name} returned no number`);
  return result;
}

export async function startCacheEnv(): Promise<CacheEnv> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const outDir = await mkdtemp(join(tmpdir(), 'cache-bench-'));
    cleanups.push(() => rm(outDir, { recursive: true, force: true }));
    await build({
      configFile: false,
      root: resolve(import.meta.dirname, 'cache-page'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2023' },
    });
    const web = await serveStatic(outDir);
    cleanups.push(() => new Promise((done) => web.server.close(done)));

    const sandbox: Sandbox = await startSandbox();
    cleanups.push(() => sandbox.close());
    const { access_token: token } = await getSandboxToken(sandbox, {
      username: 'dr.weber',
      scope: 'openid fhirUser user/*.rs',
    });
    const patients = await Promise.all(
      BENCH_PATIENTS.map(async (id) => ({
        id,
        resources: await fetchEverything(sandbox.fhirBaseUrl, token, id),
      })),
    );
    // The issue asks for the ≥10,000-Observation record; fail loudly if the data changed.
    const observations = patients[1]?.resources.filter((r) => r.resourceType === 'Observation');
    if ((observations?.length ?? 0) < 10_000) {
      throw new Error(
        `sandbox-large has ${observations?.length ?? 0} Observations, expected ≥10,000`,
      );
    }

    const browser: Browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: chromiumArgs,
    });
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    await page.goto(web.url);
    await page.waitForFunction('window.cacheBench !== undefined');
    const call = (name: string, arg: unknown): Promise<number> => callInPage(page, name, arg);
    await call('setup', patients);
    return {
      page,
      fhirBaseUrl: sandbox.fhirBaseUrl,
      token,
      counts: {
        'sandbox-median': patients[0]?.resources.length ?? 0,
        'sandbox-large': patients[1]?.resources.length ?? 0,
      },
      call,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
