import { describe, expect, it } from 'vitest';
import { describeIssues, readingInputSchema } from './reading-input';
import { parseDuration } from './duration';

const parse = (body: unknown): string => {
  const r = readingInputSchema.safeParse(body);
  return r.success ? JSON.stringify(r.data) : describeIssues(r.error);
};

describe('readingInputSchema', () => {
  it('accepts a scalar reading and a blood pressure, normalising Patient/<id>', () => {
    expect(parse({ patient: 'Patient/p1', metric: 'weight', value: 81.2, unit: 'kg' })).toBe(
      '{"patient":"p1","metric":"weight","value":81.2,"unit":"kg"}',
    );
    expect(
      readingInputSchema.parse({
        patient: 'p1',
        metric: 'blood-pressure',
        values: { systolic: 150, diastolic: 95 },
        unit: 'mm[Hg]',
        at: '2026-11-22T08:15:00+01:00',
        device: null,
      }),
    ).toMatchObject({ at: '2026-11-22T08:15:00+01:00', device: null });
  });

  it('names what is wrong', () => {
    expect(parse({ patient: 'p1', metric: 'weight', value: 81, unit: 'lbs' })).toBe(
      'unit: unit must be one of kg, [lb_av], g',
    );
    expect(parse({ patient: 'p1', metric: 'weight', vaule: 81, unit: 'kg' })).toContain('"vaule"');
    expect(parse({ patient: 'p1', metric: 'spo2', value: -3, unit: '%' })).toMatch(/^value: /);
    expect(parse({ patient: 'a b', metric: 'spo2', value: 93, unit: '%' })).toBe(
      'patient: must be a Patient id or "Patient/<id>"',
    );
    expect(parse({ patient: 'p1', metric: 'temperature', value: 37, unit: 'Cel' })).toMatch(
      /^metric: /,
    );
    // A time without a zone is ambiguous.
    expect(
      parse({ patient: 'p1', metric: 'spo2', value: 93, unit: '%', at: '2026-11-22T08:15:00' }),
    ).toMatch(/^at: /);
    expect(
      parse({ patient: 'p1', metric: 'blood-pressure', values: { systolic: 150 }, unit: 'mm[Hg]' }),
    ).toMatch(/^values\.diastolic: /);
    // A blood pressure needs both numbers, a scalar exactly one.
    expect(parse({ patient: 'p1', metric: 'blood-pressure', value: 150, unit: 'mm[Hg]' })).toMatch(
      /values/,
    );
  });
});

describe('parseDuration', () => {
  it('reads ms, s, m, h and bare seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('-5s')).toBeUndefined();
  });
});
