import { describe, expect, it } from 'vitest';
import {
  buildObservation,
  findReadingProblem,
  isSameReading,
  observationIdFor,
  readingInputSchema,
  type ReadingInput,
} from './readings';

const UUID = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
const NOW = Date.parse('2026-11-01T10:00:00Z');

function input(body: Record<string, unknown>): ReadingInput {
  return readingInputSchema.parse({ id: UUID, ...body });
}

describe('observationIdFor', () => {
  it('is stable per patient and reading, case-insensitive in the UUID, distinct across patients', () => {
    const a = observationIdFor('p1', UUID);
    expect(a).toMatch(/^cmp-[0-9a-f]{40}$/);
    expect(observationIdFor('p1', UUID.toUpperCase())).toBe(a);
    expect(observationIdFor('p2', UUID)).not.toBe(a);
  });
});

describe('findReadingProblem', () => {
  it('accepts the edges of the plausible ranges and refuses just beyond', () => {
    const bp = (systolic: number, diastolic: number) =>
      findReadingProblem(
        input({ metric: 'blood-pressure', systolic, diastolic, unit: 'mm[Hg]' }),
        NOW,
      );
    expect(bp(300, 250)).toBeUndefined();
    expect(bp(301, 90)?.field).toBe('systolic');
    expect(bp(120, 9)?.field).toBe('diastolic');
    expect(bp(120, 120)?.message).toBe('systolic must be higher than diastolic');
    // 650 kg = 1433.0047 lb: 1433 is possible, 1434 is not.
    const lb = (value: number) =>
      findReadingProblem(input({ metric: 'weight', value, unit: '[lb_av]' }), NOW);
    expect(lb(1433)).toBeUndefined();
    expect(lb(1434)?.field).toBe('value');
    // 10 mg/dL = 0.555 mmol/L.
    const mmol = (value: number) =>
      findReadingProblem(input({ metric: 'glucose', value, unit: 'mmol/L' }), NOW);
    expect(mmol(0.56)).toBeUndefined();
    expect(mmol(0.55)?.message).toBe(
      'value 0.55 mmol/L cannot be a real glucose reading (possible: 0.56–55.51 mmol/L)',
    );
  });

  it('accepts five minutes of clock skew and 30 days back, nothing beyond', () => {
    const at = (iso: string) =>
      findReadingProblem(input({ metric: 'weight', value: 80, unit: 'kg', at: iso }), NOW);
    expect(at('2026-11-01T10:05:00Z')).toBeUndefined();
    expect(at('2026-11-01T10:05:01Z')?.field).toBe('at');
    expect(at('2026-10-02T10:00:00Z')).toBeUndefined();
    expect(at('2026-10-02T09:59:59Z')?.message).toMatch(/older than 30 days/);
    // 11:04 in Zurich is 10:04 UTC: within the skew.
    expect(at('2026-11-01T11:04:00+01:00')).toBeUndefined();
  });
});

describe('isSameReading', () => {
  const reading = input({
    metric: 'weight',
    value: 80.5,
    unit: 'kg',
    at: '2026-11-01T08:00:00+01:00',
  });
  const built = buildObservation(reading, 'p1', NOW);

  it('recognises the stored copy whatever the server reordered or added', () => {
    const stored = {
      meta: { versionId: '1', lastUpdated: '2026-11-01T10:00:01Z' },
      valueQuantity: { code: 'kg', system: 'http://unitsofmeasure.org', unit: 'kg', value: 80.5 },
      ...built,
      // A server that normalised the time to UTC still has the same instant.
      effectiveDateTime: '2026-11-01T07:00:00Z',
    };
    expect(isSameReading(stored, built, true)).toBe(true);
  });

  it('tells another value, patient or time apart', () => {
    const other = buildObservation(
      input({ metric: 'weight', value: 81, unit: 'kg', at: '2026-11-01T08:00:00+01:00' }),
      'p1',
      NOW,
    );
    expect(isSameReading({ ...other, id: built.id }, built, true)).toBe(false);
    expect(isSameReading({ ...built, subject: { reference: 'Patient/p2' } }, built, true)).toBe(
      false,
    );
    const later = { ...built, effectiveDateTime: '2026-11-01T09:00:00+01:00' };
    expect(isSameReading(later, built, true)).toBe(false);
    // Without a time from the page, "now" differs between tries and is not compared.
    expect(isSameReading(later, built, false)).toBe(true);
  });
});
