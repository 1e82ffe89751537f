import { isValidLoincCode, isValidSctid } from './check-digits';

describe('isValidSctid (Verhoeff)', () => {
  it('accepts real SNOMED CT ids of every length the pack uses', () => {
    for (const id of ['59621000', '716186003', '4386001', '396275006', '368581000119106']) {
      expect(isValidSctid(id), id).toBe(true);
    }
  });

  it('rejects a changed or transposed digit', () => {
    expect(isValidSctid('59621001')).toBe(false); // last digit changed
    expect(isValidSctid('716168003')).toBe(false); // 8 and 6 swapped
    expect(isValidSctid('396275060')).toBe(false);
  });

  it('rejects what is not an SCTID at all', () => {
    expect(isValidSctid('12345')).toBe(false); // too short
    expect(isValidSctid('059621000')).toBe(false); // leading zero
    expect(isValidSctid('5962100a')).toBe(false);
  });
});

describe('isValidLoincCode (mod 10)', () => {
  it('accepts real LOINC codes', () => {
    // Hand-checked: 2708 → 8·2=16→7, 0, 7·2=14→5, 2: sum 14, check (10−4)%10 = 6.
    for (const c of ['2708-6', '8867-4', '85354-9', '718-7', '104605-1']) {
      expect(isValidLoincCode(c), c).toBe(true);
    }
  });

  it('rejects a wrong check digit and malformed codes', () => {
    expect(isValidLoincCode('2708-5')).toBe(false);
    expect(isValidLoincCode('8876-4')).toBe(false); // transposed
    expect(isValidLoincCode('2708')).toBe(false);
    expect(isValidLoincCode('x2708-6')).toBe(false);
  });

  it('accepts well-formed answer and part codes without checking them', () => {
    expect(isValidLoincCode('LA6751-7')).toBe(true);
    expect(isValidLoincCode('LA-7')).toBe(false);
  });
});
