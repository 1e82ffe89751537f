import type { Observation } from 'fhir/r4';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResourceStore } from '../fhir/store';
import { HttpError } from '../http/errors';
import { monitoringCarePlan } from '../data/monitoring-careplan';
import { deviceResource } from '../data/monitoring-resources';
import { HEART_FAILURE } from '../data/monitoring-plans';
import { MonitoringSimulator, enrolledMetrics } from './simulator';

const asObservation = (r: unknown): Observation => r as Observation;
const codes = (o: Observation | undefined): string[] =>
  (o?.code.coding ?? []).map((c) => c.code ?? '');

const NOW = Date.UTC(2026, 10, 22, 20, 0, 0);
const SECRET = 'a-secret-of-20-chars';

function fixture(): ResourceStore {
  const store = new ResourceStore();
  store.put({ resourceType: 'Patient', id: 'p1' });
  store.put({ resourceType: 'Patient', id: 'p2' });
  for (const d of HEART_FAILURE.devices)
    store.put(deviceResource({ ...d, id: `p1-${d.kind}` }, 'p1'));
  const scale = HEART_FAILURE.devices.find((d) => d.kind === 'scale');
  if (scale) store.put(deviceResource({ ...scale, id: 'p2-scale' }, 'p2'));
  store.put(
    monitoringCarePlan({
      patientId: 'p1',
      topic: 'heart failure',
      start: '2026-08-03',
      authorId: 'practitioner-rossi',
      activities: HEART_FAILURE.activities,
    }),
  );
  store.put({
    resourceType: 'Observation',
    id: 'w0',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2026-11-01T07:00:00Z',
    valueQuantity: { value: 190, unit: 'lb', system: 'http://unitsofmeasure.org', code: '[lb_av]' },
  });
  return store;
}

const simulator = (store: ResourceStore): MonitoringSimulator =>
  new MonitoringSimulator(store, { secret: SECRET, seed: 1, now: () => NOW });

afterEach(() => {
  vi.useRealTimers();
});

describe('MonitoringSimulator.record', () => {
  it('stores the reading as a device upload: final, performer the patient, their device', () => {
    const store = fixture();
    const stored = simulator(store).record({
      patient: 'p1',
      metric: 'weight',
      value: 86.4,
      unit: 'kg',
    });
    expect(stored).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      subject: { reference: 'Patient/p1' },
      performer: [{ reference: 'Patient/p1' }],
      device: { reference: 'Device/p1-scale', display: 'A&D Medical UC-352BLE weighing scale' },
      effectiveDateTime: '2026-11-22T20:00:00Z',
      valueQuantity: { value: 86.4, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    });
    expect(stored.meta.versionId).toBe('1');
    expect(store.get('Observation', stored.id)).toBe(stored);
  });

  it('keeps the time as sent, records typed-in readings without a device, refuses the impossible', () => {
    const store = fixture();
    const sim = simulator(store);
    const typed = asObservation(
      sim.record({
        patient: 'p1',
        metric: 'blood-pressure',
        value: { systolic: 182, diastolic: 101 },
        unit: 'mm[Hg]',
        at: '2026-11-22T08:15:00+01:00',
        device: null,
      }),
    );
    expect(typed.effectiveDateTime).toBe('2026-11-22T08:15:00+01:00');
    expect(typed.device).toBeUndefined();
    expect(codes(typed)).toEqual(['85354-9']);
    const fail = (request: Parameters<MonitoringSimulator['record']>[0]): number => {
      try {
        sim.record(request);
        return 0;
      } catch (e) {
        return e instanceof HttpError ? e.status : -1;
      }
    };
    expect(fail({ patient: 'nobody', metric: 'spo2', value: 95, unit: '%' })).toBe(404);
    expect(fail({ patient: 'p1', metric: 'spo2', value: 95, unit: '%', device: 'p2-scale' })).toBe(
      400,
    );
    expect(fail({ patient: 'p1', metric: 'spo2', value: 95, unit: '%', device: 'p1-scale' })).toBe(
      400,
    );
    expect(fail({ patient: 'p1', metric: 'spo2', value: 95, unit: '%', device: 'gone' })).toBe(404);
    // Six minutes ahead of the server clock: a device with a wrong clock.
    expect(
      fail({ patient: 'p1', metric: 'spo2', value: 95, unit: '%', at: '2026-11-22T20:06:00Z' }),
    ).toBe(400);
    expect(fail({ patient: 'p1', metric: 'spo2', value: 95, unit: 'kg' })).toBe(400);
  });

  it('checks the secret', () => {
    const sim = simulator(fixture());
    expect(sim.checkSecret(SECRET)).toBe(true);
    expect(sim.checkSecret(`${SECRET}x`)).toBe(false);
    expect(sim.checkSecret('')).toBe(false);
    expect(sim.checkSecret(undefined)).toBe(false);
    expect(() => new MonitoringSimulator(fixture(), { secret: 'short' })).toThrow(/16 characters/);
  });
});

describe('MonitoringSimulator.tick', () => {
  it('adds one reading per enrolled metric, continuing from the latest reading', () => {
    const store = fixture();
    expect([...enrolledMetrics(store)]).toEqual([
      ['p1', ['weight', 'blood-pressure', 'heart-rate', 'spo2']],
    ]);
    const sim = simulator(store);
    const first = sim.tick().map(asObservation);
    expect(first.map((o) => codes(o)[0])).toEqual(['29463-7', '85354-9', '8867-4', '59408-5']);
    // The latest weight was 190 lb = 86.18 kg: the walk continues from there, in kg.
    expect(first[0]?.valueQuantity?.code).toBe('kg');
    expect(Math.abs((first[0]?.valueQuantity?.value ?? 0) - 86.18)).toBeLessThan(1);
    expect(
      first.every((o) => o.status === 'final' && o.effectiveDateTime === '2026-11-22T20:00:00Z'),
    ).toBe(true);
    expect(first[3]?.device?.reference).toBe('Device/p1-pulseOximeter');
    // A posted reading moves the walk.
    sim.record({ patient: 'p1', metric: 'weight', value: 95, unit: 'kg' });
    const second = sim.tick().map(asObservation);
    expect(Math.abs((second[0]?.valueQuantity?.value ?? 0) - 95)).toBeLessThan(4);
  });

  it('runs on an interval until stopped', () => {
    vi.useFakeTimers();
    const store = fixture();
    const lines: string[] = [];
    const sim = new MonitoringSimulator(store, {
      secret: SECRET,
      now: () => NOW,
      log: (l) => lines.push(l),
    });
    expect(() => sim.start(500)).toThrow(/1000 ms/);
    sim.start(30_000);
    vi.advanceTimersByTime(90_000);
    sim.stop();
    vi.advanceTimersByTime(90_000);
    expect(lines).toEqual([
      'simulator: added 4 readings',
      'simulator: added 4 readings',
      'simulator: added 4 readings',
    ]);
    expect(store.count('Observation')).toBe(1 + 12);
  });

  it('skips plans that are not active', () => {
    const store = fixture();
    const plan = store.get('CarePlan', 'rm-p1');
    expect(plan).toBeDefined();
    if (plan) store.put({ ...plan, status: 'completed' });
    expect(simulator(store).tick()).toEqual([]);
  });
});
