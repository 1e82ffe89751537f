/**
 * cache-open-median / cache-open-large: opening a chart from the encrypted offline cache
 * (RecordStore.readPatient: index read, AES-GCM decrypt and JSON.parse of every row) vs a raw
 * IndexedDB read of the same number of rows, stored as plaintext objects in a plain Dexie
 * table and read by the same compound index (nothing to decrypt or parse).
 */
import { sideBySide, type BenchResult, type Benchmark } from './harness';
import { BENCH_PATIENTS, ROUNDS, startCacheEnv } from './cache-env';

/** Encryption may cost at most this factor over the plaintext read. */
const GOAL_RATIO = 1.3;

export const cacheOpen: Benchmark = {
  id: 'cache-open',
  async run(): Promise<BenchResult[]> {
    const env = await startCacheEnv();
    try {
      const results: BenchResult[] = [];
      for (const patientId of BENCH_PATIENTS) {
        const { ours, baseline } = await sideBySide(
          () => env.call('openEncrypted', patientId),
          () => env.call('openRaw', patientId),
          ROUNDS,
        );
        const ratio = ours / baseline;
        results.push({
          id: `cache-open-${patientId === 'sandbox-large' ? 'large' : 'median'}`,
          what: `open ${patientId} (${env.counts[patientId]} resources) from cache, ms: encrypted readPatient vs plaintext IndexedDB read`,
          ours,
          baseline,
          ratio,
          goal: `ratio ≤ ${GOAL_RATIO}`,
          met: ratio <= GOAL_RATIO,
        });
      }
      return results;
    } finally {
      await env.close();
    }
  },
};
