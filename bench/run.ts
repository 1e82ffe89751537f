/**
 * `npm run bench`: runs every benchmark, prints a table of ratios and writes
 * bench/results/latest.json (a list of { id, what, ours, baseline, ratio, goal, met }).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatTable, type BenchResult, type Benchmark } from './harness';
import { chartOpenNetwork } from './chart-open-network';
import { cacheOpen } from './cache-open';
import { cacheWrite } from './cache-write';
import { cacheVsNetwork } from './cache-vs-network';
import { signalingRooms } from './signaling-rooms';
import { callBench } from './call';
import { cgmDraw } from './cgm-draw';
import { triageBench } from './triage';

const benchmarks: Benchmark[] = [
  chartOpenNetwork,
  cacheOpen,
  cacheWrite,
  cacheVsNetwork,
  signalingRooms,
  callBench,
  cgmDraw,
  triageBench,
];

/**
 * `npm run bench -- <id>` runs the benchmark with that id; a result id such as
 * `cache-open-large` runs its benchmark (`cache-open`) and keeps only that result.
 */
function selects(bench: Benchmark, only: string | undefined): boolean {
  return only === undefined || only === bench.id || only.startsWith(`${bench.id}-`);
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const results: BenchResult[] = [];
  for (const bench of benchmarks) {
    if (!selects(bench, only)) continue;
    console.log(`running ${bench.id}…`);
    const ran = await bench.run();
    results.push(
      ...(only === undefined || only === bench.id ? ran : ran.filter((r) => r.id === only)),
    );
  }
  console.log(`\n${formatTable(results)}\n`);
  const dir = resolve(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(resolve(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written ${resolve(dir, 'latest.json')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
