/**
 * The monitoring views' 4-second poll, measured: one `readMonitoringData` over an encrypted
 * cache with 5 monitored patients (90 days of BP and weight, one CGM patient with 90 days of
 * 5-minute readings, 1,000 chart resources each) and 20 other cached charts. "steady" is a
 * poll after one in which nothing was written (the common case while a view is open); "after
 * a write" adds one reading to one patient first.
 *
 * Run: `npx vitest bench --run renderer/src/features/monitoring/monitoring-data.bench.ts`
 */
import { bench, describe } from 'vitest';
import { observation } from '../../../../shared/monitoring/test-data';
import type { Observation } from 'fhir/r4';
import { readMonitoringData, MonitoringReader } from './monitoring-data';
import { monitoringStore } from './monitoring-fixture';

const END = Date.UTC(2026, 10, 1, 9);
const { store, monitoredIds } = await monitoringStore(
  { monitored: 5, days: 90, cgmReadings: 25_920, chartResources: 1000, unmonitored: 20 },
  END,
);
const reader = new MonitoringReader();
await readMonitoringData(store, END, reader);
let n = 0;

describe('monitoring poll', () => {
  bench(
    'steady (nothing written since the last poll)',
    async () => {
      await readMonitoringData(store, END + 60_000, reader);
    },
    { iterations: 10, time: 0 },
  );
  bench(
    'after a write (one new reading of one patient)',
    async () => {
      const id = monitoredIds[1] ?? '';
      n++;
      await store.putResources(
        id,
        [
          observation(`new-${n}`, id, '29463-7', new Date(END + n * 1000).toISOString(), {
            value: 81,
            unit: 'kg',
          }) as unknown as Observation,
        ],
        'https://fhir.example/r4',
        END,
      );
      await readMonitoringData(store, END + 60_000, reader);
    },
    { iterations: 10, time: 0 },
  );
});
