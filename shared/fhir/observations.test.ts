import type { Observation } from 'fhir/r4';
import usBp from '../../../shared/fixtures/monitoring/uscore_blood-pressure.json';
import mhvBp from '../../../shared/fixtures/monitoring/mhv_Observation-ex-MHV-bloodPressure-0.json';
import avgBp from '../../../shared/fixtures/monitoring/uscore_Observation-average-blood-pressure.json';
import appleWeight from '../../../shared/fixtures/monitoring/mhv_Observation-ex-weight-apple.json';
import rtsa from '../../../shared/fixtures/odd/phd_rtsa-example.json';
import mhvWeightLb from '../../../shared/fixtures/monitoring/mhv_Observation-ex-MHV-weight.json';
import usWeightKg from '../../../shared/fixtures/monitoring/uscore_weight.json';
import {
  bloodPressure,
  extractSeries,
  formatValue,
  latestPerCode,
  observationDate,
  toPoint,
} from './observations';

const asObs = (x: unknown): Observation => x as Observation;

function weight(id: string, date: string | undefined, value: number, unit = 'kg'): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body Weight' }] },
    ...(date ? { effectiveDateTime: date } : {}),
    valueQuantity: { value, unit },
  };
}

describe('observationDate', () => {
  it('uses effectiveDateTime, effectivePeriod, then issued', () => {
    expect(observationDate(asObs(appleWeight))).toBe('2022-11-02T19:44:00+00:00');
    expect(observationDate(asObs(usBp))).toBe('1999-07-02');
    const issuedOnly: Observation = {
      ...weight('x', undefined, 1),
      issued: '2020-01-01T00:00:00Z',
    };
    expect(observationDate(issuedOnly)).toBe('2020-01-01T00:00:00Z');
    const endOnly: Observation = {
      ...weight('y', undefined, 1),
      effectivePeriod: { end: '2021-02-03' },
    };
    expect(observationDate(endOnly)).toBe('2021-02-03');
  });
});

describe('blood pressure', () => {
  it('reads systolic/diastolic from components, in any order, unit as sent', () => {
    expect(toPoint(asObs(usBp)).text).toBe('109/44 mmHg');
    const mhv = toPoint(asObs(mhvBp));
    expect(mhv.text).toBe('140/90 mm[Hg]');
    expect(mhv.value).toBe(140);
    expect(mhv.value2).toBe(90);
  });

  it('reads the averaged BP panel (96607-7) over an effectivePeriod', () => {
    const p = toPoint(asObs(avgBp));
    expect(p.text).toBe('109/72 mm[Hg]');
    expect(p.date).toBe('2023-08-03T01:06:52.480Z');
  });

  it('is undefined for non-BP observations', () => {
    expect(bloodPressure(weight('w', '2020-01-01', 80))).toBeUndefined();
  });
});

describe('extractSeries', () => {
  it('groups by code and unit, sorts oldest first and keeps units as sent', () => {
    const series = extractSeries([
      weight('b', '2021-01-01', 81),
      weight('a', '2020-01-01', 185, 'lbs'),
      weight('c', undefined, 79),
      asObs(usBp),
      asObs(mhvBp),
      { ...weight('d', '2022-01-01', 1), status: 'entered-in-error' },
    ]);
    const w = series.find((s) => s.key === 'http://loinc.org|29463-7|unit:kg');
    expect(w?.kind).toBe('numeric');
    expect(w?.points.map((p) => p.text)).toEqual(['81 kg', '79 kg']);
    expect(w?.latest.text).toBe('81 kg');
    expect(w?.categories).toEqual(['vital-signs']);
    expect(w?.otherUnits).toEqual(['lbs']);
    const lbs = series.find((s) => s.key === 'http://loinc.org|29463-7|unit:lbs');
    expect(lbs?.points.map((p) => p.text)).toEqual(['185 lbs']);
    const bpSeries = series.filter((s) => s.kind === 'blood-pressure');
    expect(bpSeries.map((s) => s.codeKey).sort()).toEqual([
      'http://loinc.org|55284-4',
      'http://loinc.org|85354-9',
    ]);
  });

  it('marks non-numeric series as other and summarises sampled data', () => {
    const text: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Smoking' },
      effectiveDateTime: '2020-01-01',
      valueCodeableConcept: { text: 'Never smoker' },
    };
    const [s] = extractSeries([text]);
    expect(s?.kind).toBe('other');
    expect(s?.latest.text).toBe('Never smoker');
    // SampledData has no text of its own: the view translates a summary from `sampledData`.
    expect(formatValue(asObs(rtsa))).toBe('');
    expect(toPoint(asObs(rtsa)).sampledData).toEqual({ dimensions: 1 });
    expect(toPoint(asObs(rtsa)).text).toBe('');
  });

  it('lists the latest value per code, newest first, filtered by category', () => {
    const latest = latestPerCode(
      [weight('a', '2020-01-01', 80), weight('b', '2023-01-01', 82), asObs(usBp)],
      'vital-signs',
    );
    expect(latest.map((p) => p.text)).toEqual(['82 kg', '109/44 mmHg']);
  });

  it('keeps the latest per code across units', () => {
    const latest = latestPerCode([asObs(mhvWeightLb), asObs(usWeightKg)], 'vital-signs');
    expect(latest.map((p) => p.text)).toEqual(['185 [lb_av]']);
  });
});

describe('series per code and unit', () => {
  it('splits weight in [lb_av] and kg into two series that name each other', () => {
    const series = extractSeries([asObs(mhvWeightLb), asObs(usWeightKg)]);
    expect(series).toHaveLength(2);
    const kg = series.find((x) => x.unit === 'kg');
    const lb = series.find((x) => x.unit === '[lb_av]');
    expect(kg?.unit).toBe('kg');
    expect(lb?.unit).toBe('[lb_av]');
    expect(kg?.codeKey).toBe(lb?.codeKey);
    expect(kg?.key).not.toBe(lb?.key);
    expect(kg?.points.map((p) => p.value)).toEqual([20.09414]);
    expect(lb?.points.map((p) => p.value)).toEqual([185]);
    expect(kg?.otherUnits).toEqual(['[lb_av]']);
    expect(lb?.otherUnits).toEqual(['kg']);
  });

  it('groups the same UCUM unit written differently, and separates unitless values', () => {
    const a = weight('a', '2020-01-01', 80, 'kg');
    const b: Observation = {
      ...weight('b', '2021-01-01', 81),
      valueQuantity: {
        value: 81,
        unit: 'kilogram',
        system: 'http://unitsofmeasure.org',
        code: 'kg',
      },
    };
    const c: Observation = {
      ...weight('c', '2022-01-01', 82),
      valueQuantity: { value: 82, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    };
    const series = extractSeries([b, c]);
    expect(series).toHaveLength(1);
    expect(series[0]?.otherUnits).toEqual([]);
    // Plain "kg" without a UCUM code is grouped by its text, separate from the coded one.
    expect(extractSeries([a, b, c])).toHaveLength(2);
  });

  it('does not plot a value with a comparator, but shows it with the comparator', () => {
    const lab = (id: string, date: string, value: number, comparator?: '<' | '>'): Observation => ({
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '1988-5', display: 'CRP' }] },
      effectiveDateTime: date,
      valueQuantity: { value, unit: 'mg/L', ...(comparator ? { comparator } : {}) },
    });
    const [s] = extractSeries([lab('a', '2020-01-01', 12), lab('b', '2021-01-01', 5, '<')]);
    expect(s?.kind).toBe('numeric');
    expect(s?.points.map((p) => p.value)).toEqual([12, undefined]);
    expect(s?.latest.comparator).toBe('<');
    expect(s?.latest.text).toBe('< 5 mg/L');
    const [onlyCensored] = extractSeries([lab('c', '2021-01-01', 5, '<')]);
    expect(onlyCensored?.kind).toBe('other');
  });
});
