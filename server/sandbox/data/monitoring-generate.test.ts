import type { CarePlan, Device, Extension, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { IncomingResource } from '../fhir/types';
import { DEFAULT_SEED, generateDataset } from './generate';
import { buildManifest } from './manifest';
import { monitoringResources } from './monitoring-generate';
import { ANCHOR_MS } from './prng';

// The stories are checked on the fixed clock (anchor.test.ts checks the move to another day).
const dataset = generateDataset(DEFAULT_SEED, { monitoringAnchorMs: ANCHOR_MS });
const resources = dataset.map((g) => g.resource);

const refOf = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && 'reference' in v && typeof v.reference === 'string'
    ? v.reference
    : undefined;
const ofPatient = (id: string, type: string): IncomingResource[] =>
  resources.filter(
    (r) =>
      r.resourceType === type &&
      (refOf(r.subject) === `Patient/${id}` || refOf(r.patient) === `Patient/${id}`),
  );
const observations = (id: string): Observation[] =>
  ofPatient(id, 'Observation') as unknown as Observation[];
const codes = (o: Observation): string[] => (o.code.coding ?? []).map((c) => c.code ?? '');
const time = (o: Observation): string => o.effectiveDateTime ?? '';
const value = (o: Observation | undefined): number => o?.valueQuantity?.value ?? NaN;
const home = (id: string, loinc: string): Observation[] =>
  observations(id)
    .filter((o) => o.performer !== undefined && codes(o).includes(loinc))
    .sort((a, b) => (time(a) < time(b) ? -1 : 1));
const ext = (t: Extension | undefined, url: string): Extension | undefined =>
  t?.extension?.find((e) => e.url === url);
const plan = (id: string): CarePlan => {
  const p = resources.find((r) => r.resourceType === 'CarePlan' && r.id === `rm-${id}`);
  if (!p) throw new Error(`no plan for ${id}`);
  return p as unknown as CarePlan;
};
const thresholds = (id: string, activity: number): Extension[] =>
  plan(id).activity?.[activity]?.detail?.extension ?? [];

const MONITORED = [
  'sandbox-hypertension',
  'sandbox-diabetes',
  'sandbox-heart-failure',
  'sandbox-copd',
  'sandbox-t1d-cgm',
];

describe('remote-monitoring CarePlans', () => {
  it('enrol the five monitored patients with the contract shape', () => {
    const plans = resources.filter(
      (r) =>
        r.resourceType === 'CarePlan' &&
        JSON.stringify(r.category).includes('"code":"remote-monitoring"'),
    );
    expect(plans.map((p) => p.id).sort()).toEqual(MONITORED.map((id) => `rm-${id}`).sort());
    for (const id of MONITORED) {
      const p = plan(id);
      expect(p).toMatchObject({
        status: 'active',
        intent: 'plan',
        category: [
          {
            coding: [
              {
                system: 'http://clinician-workstation.example/fhir/CodeSystem/care-plan-category',
                code: 'remote-monitoring',
                display: 'Remote monitoring',
              },
            ],
          },
        ],
        subject: { reference: `Patient/${id}` },
        period: { start: '2026-08-03' },
      });
      expect(p.title).toMatch(/^Remote monitoring: /);
      expect(p.addresses?.[0]?.reference).toMatch(/^Condition\//);
    }
  });

  it('state each metric, its frequency and thresholds with who set them and when', () => {
    const summary = (id: string): string[] =>
      (plan(id).activity ?? []).map((a) => {
        const repeat = a.detail?.scheduledTiming?.repeat;
        const code = a.detail?.code?.coding?.[0]?.code ?? '';
        return `${code}×${repeat?.frequency ?? 0}/${repeat?.period ?? 0}${repeat?.periodUnit ?? ''}`;
      });
    expect(summary('sandbox-hypertension')).toEqual(['85354-9×2/1d', '8867-4×2/1d']);
    expect(summary('sandbox-diabetes')).toEqual(['41653-7×2/1d', '29463-7×1/1d']);
    expect(summary('sandbox-heart-failure')).toEqual([
      '29463-7×1/1d',
      '85354-9×1/1d',
      '8867-4×1/1d',
      '59408-5×1/1d',
    ]);
    expect(summary('sandbox-copd')).toEqual(['59408-5×1/1d', '8867-4×1/1d']);
    expect(summary('sandbox-t1d-cgm')).toEqual(['99504-3×288/1d']);

    const [red, yellow] = thresholds('sandbox-heart-failure', 0);
    expect(red?.url).toBe(
      'http://clinician-workstation.example/fhir/StructureDefinition/monitoring-threshold',
    );
    expect(red?.extension).toEqual([
      { url: 'level', valueCode: 'red' },
      { url: 'kind', valueCode: 'rise' },
      {
        url: 'value',
        valueQuantity: { value: 2, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
      },
      {
        url: 'window',
        valueDuration: { value: 3, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
      },
      {
        url: 'setBy',
        valueReference: {
          reference: 'Practitioner/practitioner-rossi',
          display: 'Dr. Marco Rossi',
        },
      },
      { url: 'setAt', valueDateTime: '2026-08-03T08:40:00Z' },
    ]);
    expect(ext(yellow, 'value')?.valueQuantity?.value).toBe(1.5);
    expect(ext(yellow, 'window')?.valueDuration?.value).toBe(2);
    expect(ext(yellow, 'setAt')?.valueDateTime).toBe('2026-09-17T16:05:00Z');

    const bp = thresholds('sandbox-hypertension', 0);
    const limits = bp.map((t) =>
      [
        ext(t, 'level')?.valueCode,
        ext(t, 'component')?.valueCode,
        ext(t, 'kind')?.valueCode,
        ext(t, 'value')?.valueQuantity?.value,
        ext(t, 'value')?.valueQuantity?.code,
      ].join(' '),
    );
    expect(limits).toEqual([
      'red 8480-6 above 180 mm[Hg]',
      'red 8462-4 above 110 mm[Hg]',
      'yellow 8480-6 above 160 mm[Hg]',
      'yellow 8462-4 above 100 mm[Hg]',
    ]);
    // Absolute limits carry no window.
    expect(bp.every((t) => ext(t, 'window') === undefined)).toBe(true);
    const spo2 = thresholds('sandbox-copd', 0).map(
      (t) => `${ext(t, 'level')?.valueCode ?? ''} < ${ext(t, 'value')?.valueQuantity?.value ?? ''}`,
    );
    expect(spo2).toEqual(['red < 88', 'yellow < 92']);
  });
});

describe('home readings', () => {
  it('are final vital signs performed by the patient, within the 90 days up to the anchor', () => {
    for (const id of MONITORED) {
      const readings = observations(id).filter((o) => o.performer !== undefined);
      expect(readings.length, id).toBeGreaterThan(150);
      for (const o of readings) {
        expect(o.status).toBe('final');
        expect(o.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
        expect(o.performer).toEqual([{ reference: `Patient/${id}` }]);
        expect(Date.parse(time(o))).toBeLessThanOrEqual(ANCHOR_MS);
        // After enrollment (the CGM starts 90 days before the anchor, the others a day later).
        expect(time(o) >= '2026-08-03T09:00:00Z').toBe(true);
      }
    }
  });

  it('point at Devices of the same patient, with the MDC code a gateway adds', () => {
    const devices = new Map(
      (resources.filter((r) => r.resourceType === 'Device') as unknown as Device[]).map((d) => [
        `Device/${d.id ?? ''}`,
        d,
      ]),
    );
    for (const id of MONITORED) {
      for (const o of observations(id).filter((x) => x.device)) {
        const device = devices.get(o.device?.reference ?? '');
        expect(device?.patient?.reference).toBe(`Patient/${id}`);
        expect(device?.type?.coding?.[0]?.system).toBe('urn:iso:std:iso:11073:10101');
      }
    }
    const weight = home('sandbox-heart-failure', '29463-7').at(-1);
    expect(weight?.code.coding).toEqual([
      { system: 'http://loinc.org', code: '29463-7', display: 'Body weight' },
      { system: 'urn:iso:std:iso:11073:10101', code: '188736', display: 'MDC_MASS_BODY_ACTUAL' },
    ]);
    expect(devices.get(weight?.device?.reference ?? '')?.manufacturer).toBe('A&D Medical');
    // A pulse oximeter reports the pulse under its own MDC code.
    const pulse = home('sandbox-copd', '8867-4').at(-1);
    expect(pulse ? codes(pulse) : []).toEqual(['8867-4', '149530']);
  });

  it('hypertension: twice a day, nothing for the last 2 days, one reading typed in swapped', () => {
    const bp = home('sandbox-hypertension', '85354-9');
    const last = bp.at(-1);
    expect(last && time(last) < '2026-10-31').toBe(true);
    expect(bp.length).toBeGreaterThan(160);
    const typed = bp.filter((o) => !o.device);
    expect(typed).toHaveLength(1);
    expect(typed.map((o) => time(o).slice(0, 10))).toEqual(['2026-10-20']);
    expect(typed[0]?.component?.map((c) => c.valueQuantity?.value)).toEqual([86, 144]);
  });

  it('type 2 diabetes: an implausible 1001 mg/dL and one weight in pounds, both typed in', () => {
    const outlier = home('sandbox-diabetes', '41653-7').filter((o) => value(o) > 600);
    expect(outlier.map((o) => [value(o), o.device, time(o).slice(0, 10)])).toEqual([
      [1001, undefined, '2026-10-12'],
    ]);
    const pounds = home('sandbox-diabetes', '29463-7').filter(
      (o) => o.valueQuantity?.code === '[lb_av]',
    );
    expect(pounds).toHaveLength(1);
    expect(pounds[0]?.valueQuantity?.unit).toBe('lb');
    expect(pounds[0]?.device).toBeUndefined();
    // ≈ 101 kg in pounds: 101 / 0.45359237 ≈ 222.7.
    expect(value(pounds[0])).toBeGreaterThan(215);
    expect(value(pounds[0])).toBeLessThan(230);
  });

  it('heart failure: today the weight is ≥ 2 kg above the lowest and the oldest weight of the 3 days before', () => {
    const weights = observations('sandbox-heart-failure')
      .filter((o) => codes(o)[0] === '29463-7')
      .sort((a, b) => (time(a) < time(b) ? -1 : 1));
    const today = weights.at(-1);
    expect(today && time(today).slice(0, 10)).toBe('2026-11-01');
    const t = Date.parse(today ? time(today) : '');
    // Clinic weights count too: a rules engine may not tell them apart.
    const window = weights
      .filter((o) => Date.parse(time(o)) < t && Date.parse(time(o)) >= t - 3 * 86_400_000)
      .map(value);
    expect(window.length).toBeGreaterThanOrEqual(3);
    expect(value(today) - Math.min(...window)).toBeGreaterThanOrEqual(2);
    expect(value(today) - (window[0] ?? Infinity)).toBeGreaterThanOrEqual(2);
    // The 6 days before the rise were steady (within ±1 kg of their mean).
    const before = weights
      .filter(
        (o) =>
          Date.parse(time(o)) < t - 4.5 * 86_400_000 &&
          Date.parse(time(o)) >= t - 10.5 * 86_400_000,
      )
      .map(value);
    const mean = before.reduce((a, b) => a + b, 0) / before.length;
    expect(before.every((v) => Math.abs(v - mean) < 1)).toBe(true);
  });

  it('COPD: 87 % on the worst day of the exacerbation, 93 % today', () => {
    const spo2 = home('sandbox-copd', '59408-5');
    expect(spo2[0] ? codes(spo2[0]) : []).toEqual(['59408-5', '2708-6', '150456']);
    expect(value(spo2.find((o) => time(o).startsWith('2026-10-04')))).toBe(87);
    expect(value(spo2.at(-1))).toBe(93);
  });

  it('CGM: 5-minute sensor readings for 90 days with a low last night', () => {
    const cgm = home('sandbox-t1d-cgm', '99504-3');
    expect(cgm.length).toBeGreaterThan(25_500);
    expect(cgm.length).toBeLessThanOrEqual(25_920);
    expect(cgm.every((o) => o.device?.reference === 'Device/sandbox-t1d-cgm-sensor')).toBe(true);
    expect(cgm[0]?.valueQuantity).toMatchObject({ unit: 'mg/dL', code: 'mg/dL' });
    const lastNight = cgm.filter(
      (o) => time(o) >= '2026-11-01T02:30' && time(o) <= '2026-11-01T04:00',
    );
    expect(Math.min(...lastNight.map(value))).toBeLessThan(54);
  });
});

describe('determinism and the manifest', () => {
  it('gives the same readings for the same seed and keeps ids across seeds', () => {
    const record = dataset.filter((g) => refOf(g.resource.subject) === 'Patient/sandbox-copd');
    const a = monitoringResources('sandbox-copd', DEFAULT_SEED, record);
    expect(JSON.stringify(monitoringResources('sandbox-copd', DEFAULT_SEED, record))).toBe(
      JSON.stringify(a),
    );
    const b = monitoringResources('sandbox-copd', 99, record);
    expect(b.slice(0, 5).map((g) => g.resource.id)).toEqual(
      a.slice(0, 5).map((g) => g.resource.id),
    );
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
    expect(monitoringResources('sandbox-median', DEFAULT_SEED, [])).toEqual([]);
  });

  it('lists the monitoring facts of each enrolled patient', () => {
    const byId = new Map(buildManifest(dataset).map((p) => [p.id, p.knownValues]));
    expect(byId.get('sandbox-heart-failure')).toMatchObject({
      monitoringPlan: 'rm-sandbox-heart-failure',
      monitoringMetrics: 'weight,blood-pressure,heart-rate,spo2',
    });
    expect(byId.get('sandbox-t1d-cgm')?.monitoringMetrics).toBe('cgm-glucose');
    expect(Number(byId.get('sandbox-t1d-cgm')?.homeReadingCount)).toBe(
      home('sandbox-t1d-cgm', '99504-3').length,
    );
    expect(byId.get('sandbox-median')?.monitoringPlan).toBeUndefined();
  });
});
