/**
 * cgm-draw: drawing one year of 5-minute CGM readings (105,120) in Chromium, ours
 * (MetricCanvasChart's per-frame work: LTTB pyramid level, slice, ~2 points per pixel column,
 * bands, grid, labels) vs the raw baseline (one lineTo per reading), side by side in one page
 * on the same canvas (see bench/cgm-page/main.ts), for the widest preset (90 days) and the
 * whole year:
 *
 *   cgm-draw-first-<view>     first draw, ms (ours includes building the cache level)
 *   cgm-draw-pan-<view>-p50   pan frame work, ms: median over PAN_STEPS frames × rounds
 *   cgm-draw-pan-<view>-p95   the same, 95th percentile
 *
 * Goals from the issue: first draw < 200 ms; panning at 60 fps (frame work < 16.7 ms).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { chromiumArgs, chromiumExecutable } from '../test/support/chromium';
import { median, sideBySide, type BenchResult, type Benchmark } from './harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PAN_STEPS = 60;
/** HiDPI laptop screens are common among clinicians; 2× is also the heavier case to paint. */
const DEVICE_SCALE = Number(process.env.BENCH_CGM_DPR ?? 2);
const VIEWS = [
  { days: 90, name: '90d' },
  { days: 365, name: '1y' },
] as const;
const FIRST_DRAW_GOAL_MS = 200;
const FRAME_BUDGET_MS = 1000 / 60;
/** Any origin works: the page is served by Playwright's router, never over the network. */
const ORIGIN = 'http://cgm-bench.invalid';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** p-th percentile, nearest rank (frame times: report a frame that actually happened). */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

function call<T>(page: Page, name: string, arg?: unknown): Promise<T> {
  // A string expression, not a function: tsx's `__name` helper does not exist in the page.
  return page.evaluate<T>(`window.cgmBench.${name}(${JSON.stringify(arg ?? null)})`);
}

async function openPage(outDir: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: chromiumArgs,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 400 },
      deviceScaleFactor: DEVICE_SCALE,
    });
    await context.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
      if (!file.startsWith(outDir)) return route.fulfill({ status: 403 });
      const body = await readFile(file).catch(() => null);
      return body
        ? route.fulfill({ body, contentType: TYPES[extname(file)] ?? 'application/octet-stream' })
        : route.fulfill({ status: 404 });
    });
    const page = await context.newPage();
    page.on('crash', () => console.error('cgm-draw: the page crashed'));
    page.on('pageerror', (error) => console.error(`cgm-draw page: ${error.message}`));
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction('window.cgmBench !== undefined');
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export const cgmDraw: Benchmark = {
  id: 'cgm-draw',
  async run(): Promise<BenchResult[]> {
    const outDir = await mkdtemp(join(tmpdir(), 'cgm-bench-'));
    let browser: Browser | undefined;
    try {
      await build({
        configFile: false,
        root: resolve(import.meta.dirname, 'cgm-page'),
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true, target: 'es2023' },
      });
      const opened = await openPage(outDir);
      browser = opened.browser;
      const { page } = opened;
      const info = await call<{ readings: number; gaps: number; dpr: number }>(page, 'info');
      const data = `${info.readings.toLocaleString('en')} readings, ${info.gaps} gaps, 1200×320 CSS px at ${info.dpr}×`;
      const results: BenchResult[] = [];
      for (const view of VIEWS) {
        const first = await sideBySide(
          () => call<number>(page, 'firstOurs', view.days),
          () => call<number>(page, 'firstRaw', view.days),
          ROUNDS,
        );
        console.log(
          `${view.name} first draw: ours ${first.ours.toFixed(1)} ms, raw ${first.baseline.toFixed(1)} ms`,
        );
        const shape = await call<{ level: number; points: number }>(page, 'shape', view.days);
        const ours: number[] = [];
        const raw: number[] = [];
        // Warm-up pan of each, then rounds in alternating order, every frame pooled.
        await call(page, 'panOurs', [view.days, 10]);
        await call(page, 'panRaw', [view.days, 10]);
        for (let round = 0; round < ROUNDS; round++) {
          const runOurs = async (): Promise<void> => {
            ours.push(...(await call<number[]>(page, 'panOurs', [view.days, PAN_STEPS])));
          };
          const runRaw = async (): Promise<void> => {
            raw.push(...(await call<number[]>(page, 'panRaw', [view.days, PAN_STEPS])));
          };
          console.log(`${view.name} pan round ${round}`);
          if (round % 2 === 0) {
            await runOurs();
            await runRaw();
          } else {
            await runRaw();
            await runOurs();
          }
        }
        const what = `${view.days} days of a year of 5-min CGM (${data}); ours = pyramid level ${shape.level}, ${shape.points} points + bands/axes vs raw lineTo of every reading`;
        results.push({
          id: `cgm-draw-first-${view.name}`,
          what: `first draw, ms (median of ${ROUNDS}; ours builds its cache): ${what}`,
          ours: first.ours,
          baseline: first.baseline,
          ratio: first.ours / first.baseline,
          goal: `ours < ${FIRST_DRAW_GOAL_MS} ms`,
          met: first.ours < FIRST_DRAW_GOAL_MS,
        });
        for (const p of [50, 95]) {
          const o = p === 50 ? median(ours) : percentile(ours, p);
          const b = p === 50 ? median(raw) : percentile(raw, p);
          results.push({
            id: `cgm-draw-pan-${view.name}-p${p}`,
            what: `pan frame work (draw + paint), ms, p${p} of ${ours.length} frames (${ROUNDS} × ${PAN_STEPS} steps): ${what}`,
            ours: o,
            baseline: b,
            ratio: o / b,
            goal: `ours < ${FRAME_BUDGET_MS.toFixed(1)} ms (60 fps)`,
            met: o < FRAME_BUDGET_MS,
          });
        }
      }
      return results;
    } finally {
      await browser?.close();
      await rm(outDir, { recursive: true, force: true });
    }
  },
};
