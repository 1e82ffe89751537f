/**
 * Benchmark harness. Every benchmark measures "ours" and a named raw baseline side by side,
 * interleaved in one run on the same machine, and reports their ratio — never an absolute
 * wall-clock threshold (the machines are shared and noisy).
 */
export interface BenchResult {
  id: string;
  /** What was measured, in words. */
  what: string;
  /** Median of ours, in the unit named in `what` (ms unless stated). */
  ours: number;
  /** Median of the baseline, same unit. */
  baseline: number;
  /** ours / baseline. */
  ratio: number;
  /** The goal, as text (e.g. "ratio ≤ 2"). */
  goal: string;
  met: boolean;
}

export interface Benchmark {
  id: string;
  run(): Promise<BenchResult[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Run `ours` and `baseline` alternately `rounds` times (after `warmup` unmeasured rounds of
 * each) and return both medians.
 */
export async function sideBySide(
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
  rounds: number,
  warmup = 1,
): Promise<{ ours: number; baseline: number }> {
  for (let i = 0; i < warmup; i++) {
    await ours();
    await baseline();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first so neither always runs on a warmer cache.
    if (i % 2 === 0) {
      a.push(await ours());
      b.push(await baseline());
    } else {
      b.push(await baseline());
      a.push(await ours());
    }
  }
  return { ours: median(a), baseline: median(b) };
}

export function formatTable(results: readonly BenchResult[]): string {
  const rows = [
    ['id', 'what', 'ours', 'baseline', 'ratio', 'goal', 'met'],
    ...results.map((r) => [
      r.id,
      r.what,
      r.ours.toFixed(1),
      r.baseline.toFixed(1),
      r.ratio.toFixed(2),
      r.goal,
      r.met ? 'yes' : 'NO',
    ]),
  ];
  const header = rows[0] ?? [];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}
