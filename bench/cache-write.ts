/**
 * cache-write: writing the synced resources of sandbox-large into the encrypted store
 * (RecordStore.putResources → writeBatch: seal every resource, HMAC its codes, one
 * transaction) vs building plaintext rows and bulkPut-ing them in one transaction.
 * Reported as RATES (resources per second), so higher is better and the goal is a floor.
 */
import { sideBySide, type BenchResult, type Benchmark } from './harness';
import { ROUNDS, startCacheEnv } from './cache-env';

/** The encrypted write must reach at least this fraction of the raw write rate. */
const GOAL_RATE_RATIO = 0.8;
const PATIENT = 'sandbox-large';

export const cacheWrite: Benchmark = {
  id: 'cache-write',
  async run(): Promise<BenchResult[]> {
    const env = await startCacheEnv();
    try {
      const count = env.counts[PATIENT];
      // Medians of elapsed ms; rate = count / median time (the median of a monotone transform).
      const { ours: oursMs, baseline: rawMs } = await sideBySide(
        () => env.call('writeEncrypted', PATIENT),
        () => env.call('writeRaw', PATIENT),
        Math.max(3, Math.ceil(ROUNDS / 2)),
      );
      const ours = count / (oursMs / 1000);
      const baseline = count / (rawMs / 1000);
      const ratio = ours / baseline;
      return [
        {
          id: 'cache-write',
          what: `write ${PATIENT} (${count} resources) into cache, RESOURCES/S (higher is better): encrypted putResources vs plaintext bulkPut; ratio = ours/raw rate`,
          ours,
          baseline,
          ratio,
          goal: `ratio ≥ ${GOAL_RATE_RATIO}`,
          met: ratio >= GOAL_RATE_RATIO,
        },
      ];
    } finally {
      await env.close();
    }
  },
};
