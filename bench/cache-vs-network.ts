/**
 * cache-vs-network: opening a chart from the encrypted cache (RecordStore.readPatient) vs
 * fetching the same patient's `$everything` pages (same page size as the app) from the
 * sandbox over HTTP, from the same page. Lower is better; below 1 the cache is faster.
 */
import { EVERYTHING_PAGE_SIZE } from '../renderer/src/features/records/load-chart';
import { sideBySide, type BenchResult, type Benchmark } from './harness';
import { BENCH_PATIENTS, ROUNDS, startCacheEnv } from './cache-env';

const GOAL_RATIO = 1;

export const cacheVsNetwork: Benchmark = {
  id: 'cache-vs-network',
  async run(): Promise<BenchResult[]> {
    const env = await startCacheEnv();
    try {
      const results: BenchResult[] = [];
      for (const patientId of BENCH_PATIENTS) {
        const { ours, baseline } = await sideBySide(
          () => env.call('openEncrypted', patientId),
          () =>
            env.call('fetchNetwork', {
              base: env.fhirBaseUrl,
              bearer: env.token,
              id: patientId,
              count: EVERYTHING_PAGE_SIZE,
            }),
          ROUNDS,
        );
        const ratio = ours / baseline;
        results.push({
          id: `cache-vs-network/${patientId === 'sandbox-large' ? 'large' : 'median'}`,
          what: `open ${patientId} (${env.counts[patientId]} resources), ms: encrypted cache readPatient vs $everything?_count=${EVERYTHING_PAGE_SIZE} over HTTP`,
          ours,
          baseline,
          ratio,
          goal: `ratio < ${GOAL_RATIO}`,
          met: ratio < GOAL_RATIO,
        });
      }
      return results;
    } finally {
      await env.close();
    }
  },
};
