/**
 * chart-open-network: how long opening a chart takes straight from the sandbox (no cache),
 * for the median-size record and the ≥10,000-Observation record. This is the baseline the
 * offline cache must later beat.
 *
 * ours     = the workstation in Chromium: route change → chart rendered (fetch, validate,
 *            encrypt into the cache, index, render), measured in the page, with the patient's
 *            cached rows removed first so every open goes to the network.
 * baseline = the same page doing nothing but the raw requests: `Patient/<id>/$everything`
 *            following `next` links with the same page size, and JSON.parse of each page.
 * The ratio is the cost the app adds on top of the network; both run interleaved in one run.
 */
import { chromium, type Page } from 'playwright-core';
import { DEMO_PATIENTS } from '../server/sandbox/index';
import { getSandboxToken } from '../server/sandbox/test-client';
import { EVERYTHING_PAGE_SIZE } from '../renderer/src/features/records/load-chart';
import { chromiumArgs, chromiumExecutable } from '../test/support/chromium';
import { startWebHostProcess } from '../test/support/web-host-process';
import { sideBySide, type BenchResult, type Benchmark } from './harness';
import { signIn } from './sign-in';

/** Opened after each reload and before the measured open (a small record). */
const WARM_UP_PATIENT = 'sandbox-hypertension';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The app may add at most this factor over the raw network fetch. */
const GOAL_RATIO = 3;

/**
 * In-page script: forgets the patient's cached rows straight in IndexedDB, so the next open
 * goes to the network (the cache has its own benchmarks). The page is reloaded afterwards:
 * the app's in-memory state (Dexie's live-query cache) never sees a change made outside it.
 * Kept as source text because tsx's keep-names helper (`__name`) does not exist inside the
 * page.
 */
const FORGET_PATIENT_SCRIPT = `async (id) => {
  window.location.hash = '#/search';
  await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve, reject) => {
    const open = indexedDB.open('cw-cache');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const stores = ['packs', 'resources', 'checkpoints', 'patients'].filter((n) => db.objectStoreNames.contains(n));
      if (stores.length === 0) { db.close(); resolve(); return; }
      const tx = db.transaction(stores, 'readwrite');
      for (const name of stores) {
        tx.objectStore(name).openCursor().onsuccess = (event) => {
          const cursor = event.target.result;
          if (!cursor) return;
          if (cursor.value.patientId === id) cursor.delete();
          cursor.continue();
        };
      }
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  });
  return 0;
}`;

/** In-page script: route change → chart rendered for that patient, timed with performance.now(). */
const OPEN_CHART_SCRIPT = `async (id) => {
  const until = (test) => new Promise((resolve) => {
    if (test()) return resolve();
    const observer = new MutationObserver(() => {
      if (test()) { observer.disconnect(); resolve(); }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
  window.location.hash = '#/search';
  await until(() => document.querySelector('[data-testid="patient-search"]') !== null);
  const start = performance.now();
  window.location.hash = '#/patient/' + id;
  await until(() => {
    const route = document.querySelector('[data-testid="patient-route"]');
    return route !== null && route.dataset.patientId === id &&
      route.querySelector('[data-testid="patient-chart"]') !== null;
  });
  return performance.now() - start;
}`;

/** The raw requests alone, as source text for the same reason. */
const RAW_FETCH_SCRIPT = `async ({ base, bearer, id, count }) => {
  const start = performance.now();
  let url = base + '/Patient/' + id + '/$everything?_count=' + count;
  let resources = 0;
  while (url) {
    const response = await fetch(url, {
      headers: { Authorization: 'Bearer ' + bearer, Accept: 'application/fhir+json' },
    });
    const bundle = JSON.parse(await response.text());
    resources += (bundle.entry || []).length;
    const next = (bundle.link || []).find((l) => l.relation === 'next');
    url = next ? next.url : undefined;
  }
  if (resources === 0) throw new Error('baseline fetched nothing');
  return performance.now() - start;
}`;

async function inPage(page: Page, script: string, arg: unknown): Promise<number> {
  const result: unknown = await page.evaluate(
    ([source, value]) => {
      const fn = (0, eval)(source) as (v: unknown) => Promise<unknown>;
      return fn(value);
    },
    [script, arg] as const,
  );
  if (typeof result !== 'number') throw new Error('in-page timing returned no number');
  return result;
}

async function openChartInApp(page: Page, patientId: string): Promise<number> {
  await inPage(page, FORGET_PATIENT_SCRIPT, patientId);
  await page.reload();
  await page.getByTestId('patient-search').waitFor({ timeout: 60_000 });
  // Warm the reloaded page (code, JIT, key) on another chart, outside the measurement.
  await inPage(page, OPEN_CHART_SCRIPT, WARM_UP_PATIENT);
  return inPage(page, OPEN_CHART_SCRIPT, patientId);
}

/** The raw requests alone, from the same page, with a token from the same sign-in flow. */
function fetchEverythingRaw(
  page: Page,
  fhirBaseUrl: string,
  token: string,
  patientId: string,
): Promise<number> {
  return inPage(page, RAW_FETCH_SCRIPT, {
    base: fhirBaseUrl,
    bearer: token,
    id: patientId,
    count: EVERYTHING_PAGE_SIZE,
  });
}

export const chartOpenNetwork: Benchmark = {
  id: 'chart-open-network',
  async run(): Promise<BenchResult[]> {
    const host = await startWebHostProcess();
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: chromiumArgs,
    });
    try {
      const page = await browser.newPage();
      const median = DEMO_PATIENTS.find((p) => p.id === 'sandbox-median');
      const large = DEMO_PATIENTS.find((p) => p.id === 'sandbox-large');
      if (!median || !large) throw new Error('demo patients missing');
      await signIn(page, host.url, median.name);
      const { access_token: token } = await getSandboxToken(
        { origin: new URL(host.fhirBaseUrl).origin, fhirBaseUrl: host.fhirBaseUrl },
        { username: 'dr.weber', scope: 'openid fhirUser user/*.rs' },
      );
      const results: BenchResult[] = [];
      for (const patient of [median, large]) {
        const rounds = patient === large ? Math.max(3, Math.ceil(ROUNDS / 2)) : ROUNDS;
        const { ours, baseline } = await sideBySide(
          () => openChartInApp(page, patient.id),
          () => fetchEverythingRaw(page, host.fhirBaseUrl, token, patient.id),
          rounds,
        );
        const ratio = ours / baseline;
        results.push({
          id: `chart-open-network/${patient === large ? 'large' : 'median'}`,
          what: `open chart of ${patient.id} (${patient.knownValues.resourceCount ?? '?'} resources) from the network, ms: app vs raw $everything fetch`,
          ours,
          baseline,
          ratio,
          goal: `ratio ≤ ${GOAL_RATIO}`,
          met: ratio <= GOAL_RATIO,
        });
      }
      return results;
    } finally {
      await browser.close();
      await host.stop();
    }
  },
};
