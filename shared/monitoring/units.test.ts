import {
  GLUCOSE_MGDL_PER_MMOLL,
  KG_PER_LB,
  convertValue,
  normaliseUcumCode,
  recogniseUnit,
  roundForUnit,
  roundTo,
  unitLabel,
} from './units';

const UCUM = 'http://unitsofmeasure.org';

describe('recogniseUnit', () => {
  it('accepts the supported UCUM codes, annotations removed', () => {
    expect(recogniseUnit({ unit: 'mmHg', system: UCUM, code: 'mm[Hg]' })).toEqual({
      ok: true,
      unit: 'mm[Hg]',
    });
    expect(recogniseUnit({ unit: 'beats/min', system: UCUM, code: '{beat}/min' })).toEqual({
      ok: true,
      unit: '/min',
    });
    expect(normaliseUcumCode('%{saturation}')).toBe('%');
  });

  it('flags what it cannot be sure of, never guessing', () => {
    expect(recogniseUnit({ unit: 'pounds' })).toEqual({
      ok: false,
      problem: 'not-ucum',
      sent: 'pounds',
    });
    // A UCUM-looking code without the UCUM system breaks FHIR qty-3: not trusted.
    expect(recogniseUnit({ code: 'kg' })).toEqual({ ok: false, problem: 'not-ucum', sent: 'kg' });
    expect(recogniseUnit({ system: UCUM, code: 'mg/dl' })).toEqual({
      ok: false,
      problem: 'unsupported',
      sent: 'mg/dl',
    });
    expect(recogniseUnit({ system: UCUM, code: '[in_i]' })).toEqual({
      ok: false,
      problem: 'unsupported',
      sent: '[in_i]',
    });
    expect(recogniseUnit({})).toEqual({ ok: false, problem: 'missing', sent: '' });
    expect(recogniseUnit(undefined)).toEqual({ ok: false, problem: 'missing', sent: '' });
  });
});

describe('convertValue', () => {
  it('glucose mg/dL ↔ mmol/L with 18.016', () => {
    expect(GLUCOSE_MGDL_PER_MMOLL).toBe(18.016);
    expect(convertValue(180.16, 'mg/dL', 'mmol/L')).toBeCloseTo(10, 12);
    expect(convertValue(3.9, 'mmol/L', 'mg/dL')).toBeCloseTo(70.2624, 10);
  });

  it('mass: kg ↔ [lb_av] ↔ g', () => {
    expect(KG_PER_LB).toBe(0.45359237);
    expect(convertValue(185, '[lb_av]', 'kg')).toBeCloseTo(83.91458845, 10);
    expect(convertValue(2, 'kg', '[lb_av]')).toBeCloseTo(4.40924524, 8);
    expect(convertValue(86500, 'g', 'kg')).toBeCloseTo(86.5, 12);
    expect(convertValue(1, '[lb_av]', 'g')).toBeCloseTo(453.59237, 9);
  });

  it('identity for mm[Hg], % and /min; undefined across dimensions', () => {
    expect(convertValue(120, 'mm[Hg]', 'mm[Hg]')).toBe(120);
    expect(convertValue(97, '%', '%')).toBe(97);
    expect(convertValue(60, '/min', '/min')).toBe(60);
    expect(convertValue(80, 'kg', 'mg/dL')).toBeUndefined();
    expect(convertValue(80, 'mm[Hg]', '%')).toBeUndefined();
  });
});

describe('rounding and labels', () => {
  it('rounds half away from zero despite binary noise', () => {
    expect(roundTo(2.45, 1)).toBe(2.5);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-2.45, 1)).toBe(-2.5);
    expect(roundForUnit(83.91458845, 'kg')).toBe(83.9);
    expect(roundForUnit(5.5509, 'mmol/L')).toBe(5.6);
    expect(roundForUnit(99.6, 'mg/dL')).toBe(100);
  });

  it('labels UCUM codes for people', () => {
    expect(unitLabel('mm[Hg]')).toBe('mmHg');
    expect(unitLabel('[lb_av]')).toBe('lb');
    expect(unitLabel('mmol/L')).toBe('mmol/L');
  });
});
