/**
 * `npm run bench`: runs every benchmark, prints a table of ratios and writes
 * bench/results/latest.json (a list of { id, what, ours, baseline, ratio, goal, met }).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatTable, type BenchResult, type Benchmark } from './harness';
import { chartOpenNetwork } from './chart-open-network';

const benchmarks: Benchmark[] = [chartOpenNetwork];

async function main(): Promise<void> {
  const only = process.argv[2];
  const results: BenchResult[] = [];
  for (const bench of benchmarks) {
    if (only !== undefined && bench.id !== only) continue;
    console.log(`running ${bench.id}…`);
    results.push(...(await bench.run()));
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
