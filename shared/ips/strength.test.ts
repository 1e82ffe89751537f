import type { Quantity, Ratio } from 'fhir/r4';
import { compareQuantities, compareRatios, toDecimal, UCUM } from './strength';

const q = (value: number, code: string): Quantity => ({ value, unit: code, system: UCUM, code });
const ratio = (n: Quantity, d?: Quantity): Ratio =>
  d ? { numerator: n, denominator: d } : { numerator: n };

describe('toDecimal', () => {
  it('keeps the decimal exactly as written, exponents included', () => {
    expect(toDecimal(0.1)).toEqual({ digits: 1n, scale: 1 });
    expect(toDecimal(-2.5)).toEqual({ digits: -25n, scale: 1 });
    expect(toDecimal(1e-7)).toEqual({ digits: 1n, scale: 7 });
    expect(toDecimal(1.5e21)).toEqual({ digits: 1500000000000000000000n, scale: 0 });
    expect(toDecimal(Number.NaN)).toBeUndefined();
  });
});

describe('compareQuantities', () => {
  it('compares identical UCUM units by value', () => {
    expect(compareQuantities(q(5, 'mL'), q(5, 'mL'))).toBe('same');
    expect(compareQuantities(q(5, 'mL'), q(10, 'mL'))).toBe('different');
  });

  it('converts g, mg and ug by exact powers of ten — no floating-point error', () => {
    expect(compareQuantities(q(0.5, 'g'), q(500, 'mg'))).toBe('same');
    expect(compareQuantities(q(0.3, 'mg'), q(300, 'ug'))).toBe('same');
    expect(compareQuantities(q(0.1, 'g'), q(100.000001, 'mg'))).toBe('different');
  });

  it('does not compare what it cannot convert exactly', () => {
    expect(compareQuantities(q(1, 'mg'), q(1, 'mL'))).toBe('unknown');
    expect(compareQuantities(q(1, 'L'), q(1000, 'mL'))).toBe('unknown');
    expect(compareQuantities({ value: 1, unit: 'mg' }, q(1, 'mg'))).toBe('unknown');
    expect(compareQuantities({ ...q(5, 'mg'), comparator: '<' }, q(5, 'mg'))).toBe('unknown');
    expect(compareQuantities(undefined, q(5, 'mg'))).toBe('unknown');
    expect(compareQuantities({ unit: 'mg' }, q(5, 'mg'))).toBe('unknown');
  });

  it('compares bare unit texts only when they are identical and uncoded', () => {
    expect(compareQuantities({ value: 2, unit: 'puff' }, { value: 2, unit: 'puff' })).toBe('same');
    expect(compareQuantities({ value: 2, unit: 'puff' }, { value: 2, unit: 'puffs' })).toBe(
      'unknown',
    );
  });
});

describe('compareRatios', () => {
  const tablet: Quantity = {
    value: 1,
    unit: 'tablet',
    system: 'http://snomed.info/sct',
    code: '732936001',
  };

  it('compares concentrations by cross-multiplying', () => {
    expect(compareRatios(ratio(q(15, 'mg'), q(0.6, 'mL')), ratio(q(25, 'mg'), q(1, 'mL')))).toBe(
      'same',
    );
    expect(compareRatios(ratio(q(15, 'mg'), q(0.5, 'mL')), ratio(q(25, 'mg'), q(1, 'mL')))).toBe(
      'different',
    );
    expect(compareRatios(ratio(q(1, 'g'), q(1, 'mL')), ratio(q(1000, 'mg'), q(1, 'mL')))).toBe(
      'same',
    );
  });

  it('compares per-unit strengths when the denominators are the same unit', () => {
    expect(compareRatios(ratio(q(1, 'mg'), tablet), ratio(q(1, 'mg'), tablet))).toBe('same');
    expect(compareRatios(ratio(q(1, 'mg'), tablet), ratio(q(10, 'mg'), tablet))).toBe('different');
    expect(compareRatios(ratio(q(1, 'mg'), tablet), ratio(q(1, 'mg'), q(1, '1')))).toBe('unknown');
  });

  it('compares numerators alone only when neither side has a denominator', () => {
    expect(compareRatios(ratio(q(40, 'mg')), ratio(q(40, 'mg')))).toBe('same');
    expect(compareRatios(ratio(q(40, 'mg')), ratio(q(40, 'mg'), tablet))).toBe('unknown');
    expect(compareRatios(undefined, ratio(q(40, 'mg')))).toBe('unknown');
  });
});
