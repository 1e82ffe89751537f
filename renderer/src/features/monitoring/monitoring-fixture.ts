/**
 * Test and benchmark data for the monitoring read path: an encrypted cache (fake IndexedDB,
 * real WebCrypto) holding monitored patients with 90 days of home readings, one CGM patient
 * (288 readings a day), the chart resources an opened chart adds (labs, encounters), and
 * cached patients who are not monitored at all. Used only by tests and the read benchmark.
 */
import type { FhirResource, Observation } from 'fhir/r4';
import { heartFailurePlan, observation } from '../../../../shared/monitoring/test-data';
import { BrowserKeyStorage, openKeyring } from '../../offline/keys';
import { RecordStore } from '../../offline/record-store';
import { freshDb, scopeA } from '../../offline/test-fakes';

const DAY_MS = 86_400_000;

export interface FixtureSize {
  monitored: number;
  /** Days of twice-daily BP and daily weight per monitored patient. */
  days: number;
  /** Readings of the CGM patient (0 = none); 25,920 is 90 days of 5-minute readings. */
  cgmReadings: number;
  /** Chart resources (lab Observations, Encounters) of each monitored patient. */
  chartResources: number;
  /** Cached patients without a monitoring plan, each with `chartResources` resources. */
  unmonitored: number;
}

/** Home readings of one patient ending at `end` (epoch ms): BP twice a day, weight daily. */
export function homeReadings(patientId: string, days: number, end: number): Observation[] {
  const out: Observation[] = [];
  for (let d = days - 1; d >= 0; d--) {
    const day = end - d * DAY_MS;
    const at = (h: number): string => new Date(day - h * 3_600_000).toISOString();
    const n = out.length;
    out.push(
      observation(`${patientId}-bp-${n}`, patientId, '85354-9', at(12), {
        sys: 130 + (d % 7),
        dia: 80,
      }) as unknown as Observation,
      observation(`${patientId}-bp-${n + 1}`, patientId, '85354-9', at(1), {
        sys: 128 + (d % 5),
        dia: 78,
      }) as unknown as Observation,
      observation(`${patientId}-wt-${n}`, patientId, '29463-7', at(2), {
        value: 80 + (d % 3) / 10,
        unit: 'kg',
      }) as unknown as Observation,
    );
  }
  return out;
}

function cgm(patientId: string, count: number, end: number): Observation[] {
  const out: Observation[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(end - (count - 1 - i) * 300_000).toISOString();
    out.push(
      observation(`${patientId}-cgm-${i}`, patientId, '99504-3', at, {
        value: 110 + ((i * 7) % 60),
        unit: 'mg/dL',
      }) as unknown as Observation,
    );
  }
  return out;
}

/** What an opened chart adds: lab results and encounters (not home readings). */
function chart(patientId: string, count: number, end: number): FhirResource[] {
  const out: FhirResource[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(end - i * DAY_MS).toISOString();
    if (i % 2 === 0) {
      out.push({
        resourceType: 'Observation',
        id: `${patientId}-lab-${i}`,
        status: 'final',
        category: [{ coding: [{ code: 'laboratory' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '2160-0' }], text: 'Creatinine' },
        subject: { reference: `Patient/${patientId}` },
        effectiveDateTime: date,
        valueQuantity: { value: 1 + (i % 5) / 10, unit: 'mg/dL' },
      });
    } else {
      out.push({
        resourceType: 'Encounter',
        id: `${patientId}-enc-${i}`,
        status: 'finished',
        class: { code: 'AMB' },
        subject: { reference: `Patient/${patientId}` },
        period: { start: date },
      });
    }
  }
  return out;
}

/** A fresh encrypted store filled per `size`; readings end at `end`. */
export async function monitoringStore(
  size: FixtureSize,
  end: number,
): Promise<{ store: RecordStore; monitoredIds: string[] }> {
  const db = freshDb();
  const { keyring } = await openKeyring(db, scopeA, new BrowserKeyStorage());
  const store = new RecordStore(db, scopeA, keyring);
  const source = 'https://fhir.example/r4';
  const monitoredIds: string[] = [];
  for (let p = 0; p < size.monitored; p++) {
    const id = `mon-${p}`;
    monitoredIds.push(id);
    const resources: FhirResource[] = [
      { resourceType: 'Patient', id, name: [{ family: `Patient ${p}` }] },
      heartFailurePlan(id, '2026-01-01'),
      ...homeReadings(id, size.days, end),
      ...(p === 0 && size.cgmReadings > 0 ? cgm(id, size.cgmReadings, end) : []),
      ...chart(id, size.chartResources, end),
    ];
    await store.putResources(id, resources, source, end);
    await store.patients.ensure(id);
  }
  for (let p = 0; p < size.unmonitored; p++) {
    const id = `other-${p}`;
    await store.putResources(
      id,
      [{ resourceType: 'Patient', id }, ...chart(id, size.chartResources, end)],
      source,
      end,
    );
    await store.patients.touch(id, end);
  }
  return { store, monitoredIds };
}
