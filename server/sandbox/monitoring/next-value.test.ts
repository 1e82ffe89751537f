import { describe, expect, it } from 'vitest';
import { ResourceStore } from '../fhir/store';
import type { IncomingResource } from '../fhir/types';
import { Rng } from '../data/prng';
import { latestReading, metricOf, readingValue, stepValue } from './next-value';

const obs = (
  id: string,
  at: string,
  code: string,
  value: Record<string, unknown>,
  status = 'final',
): IncomingResource => ({
  resourceType: 'Observation',
  id,
  status,
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: at,
  ...value,
});
const qty = (value: number, code: string): Record<string, unknown> => ({
  valueQuantity: { value, code, system: 'http://unitsofmeasure.org' },
});

describe('readingValue', () => {
  it('converts only where UCUM defines the factor', () => {
    const store = new ResourceStore();
    const lb = store.put(obs('a', '2026-11-01T07:00:00Z', '29463-7', qty(200, '[lb_av]')));
    // 200 × 0.45359237 = 90.718474 kg
    expect(readingValue(lb, 'weight')).toBeCloseTo(90.718474, 6);
    const mmol = store.put(obs('b', '2026-11-01T07:00:00Z', '99504-3', qty(5.5, 'mmol/L')));
    // 5.5 × 18.016 = 99.088 mg/dL
    expect(readingValue(mmol, 'cgm-glucose')).toBeCloseTo(99.088, 6);
    const stones = store.put(obs('c', '2026-11-01T07:00:00Z', '29463-7', qty(14, '[stone_av]')));
    expect(readingValue(stones, 'weight')).toBeUndefined();
    const wrong = store.put(
      obs('d', '2026-11-01T07:00:00Z', '29463-7', qty(80, 'kg'), 'entered-in-error'),
    );
    expect(readingValue(wrong, 'weight')).toBeUndefined();
    expect(metricOf(wrong)).toBe('weight');
  });

  it('reads blood pressure from its components', () => {
    const store = new ResourceStore();
    const bp = store.put(
      obs('bp', '2026-11-01T07:00:00Z', '85354-9', {
        component: [
          {
            code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
            ...qty(90, 'mm[Hg]'),
          },
          {
            code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
            ...qty(150, 'mm[Hg]'),
          },
        ],
      }),
    );
    expect(readingValue(bp, 'blood-pressure')).toEqual({ systolic: 150, diastolic: 90 });
  });
});

describe('latestReading', () => {
  it('takes the newest usable reading of the metric', () => {
    const store = new ResourceStore();
    store.put(obs('old', '2026-10-01T07:00:00Z', '29463-7', qty(80, 'kg')));
    store.put(obs('new', '2026-10-03T07:00:00Z', '29463-7', qty(82, 'kg')));
    store.put(obs('err', '2026-10-04T07:00:00Z', '29463-7', qty(820, 'kg'), 'entered-in-error'));
    store.put(obs('hr', '2026-10-05T07:00:00Z', '8867-4', qty(70, '/min')));
    expect(latestReading(store, 'p1', 'weight')).toBe(82);
    expect(latestReading(store, 'p1', 'spo2')).toBeUndefined();
  });
});

describe('stepValue', () => {
  it('stays near the centre and within physiological bounds', () => {
    const rng = new Rng(1);
    let w: number = 84;
    let spo2: number = 93;
    const ws: number[] = [];
    for (let i = 0; i < 500; i++) {
      w = stepValue(rng, 'weight', w, 84) as number;
      spo2 = stepValue(rng, 'spo2', spo2, 93) as number;
      ws.push(w);
      expect(spo2).toBeLessThanOrEqual(100);
      expect(Number.isInteger(spo2)).toBe(true);
      expect(Math.round(w * 10) / 10).toBe(w);
    }
    expect(Math.max(...ws)).toBeLessThan(86);
    expect(Math.min(...ws)).toBeGreaterThan(82);
    const bp = stepValue(
      rng,
      'blood-pressure',
      { systolic: 150, diastolic: 90 },
      {
        systolic: 150,
        diastolic: 90,
      },
    );
    expect(typeof bp).toBe('object');
    if (typeof bp === 'object') {
      expect(Number.isInteger(bp.systolic) && Number.isInteger(bp.diastolic)).toBe(true);
      expect(Math.abs(bp.systolic - 150)).toBeLessThan(30);
      expect(Math.abs(bp.diastolic - 90)).toBeLessThan(20);
    }
  });
});
