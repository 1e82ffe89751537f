import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDraft,
  formMetrics,
  parseDecimal,
  parseLocalDateTime,
  readingValues,
  toOffsetDateTime,
  type ReadingDraft,
} from './reading-draft';
import { profile } from './test-fakes';

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

const bp = (systolic: string, diastolic: string, at = ''): ReadingDraft => ({
  metric: 'blood-pressure',
  systolic,
  diastolic,
  value: '',
  unit: 'mm[Hg]',
  at,
});
const single = (metric: 'weight' | 'glucose', value: string, unit: ReadingDraft['unit']) => ({
  metric,
  systolic: '',
  diastolic: '',
  value,
  unit,
  at: '',
});

describe('formMetrics', () => {
  it('offers the plan metrics the patient may type in, with the units this page knows', () => {
    const metrics = [
      ...profile().metrics,
      { metric: 'heart-rate', units: ['/min'], perDay: 1, canSubmit: true },
      { metric: 'weight', units: ['g'], perDay: 1, canSubmit: true },
      { metric: 'glucose', units: ['mmol/L', 'mg/dl'], perDay: 1, canSubmit: true },
    ];
    expect(formMetrics(metrics)).toEqual([
      { metric: 'blood-pressure', units: ['mm[Hg]'] },
      { metric: 'weight', units: ['kg', '[lb_av]'] },
      { metric: 'glucose', units: ['mg/dL', 'mmol/L'] },
      { metric: 'glucose', units: ['mmol/L'] },
    ]);
  });
});

describe('parseDecimal', () => {
  it.each([
    ['82.4', 82.4],
    ['82,4', 82.4],
    [' 70 ', 70],
    ['5,55', 5.55],
  ])('reads %j', (text, value) => expect(parseDecimal(text)).toBe(value));

  it.each(['', '-5', '8e1', '1.000,5', '82.4 kg', '.5', '0x10'])('refuses %j', (text) =>
    expect(parseDecimal(text)).toBeUndefined(),
  );
});

describe('checkDraft', () => {
  const now = new Date('2026-11-02T06:15:00Z'); // 07:15 in Berlin

  it('accepts a plausible reading, typed with a German decimal comma', () => {
    expect(checkDraft(bp('142', '91'), now)).toEqual([]);
    expect(checkDraft(single('weight', '82,4', 'kg'), now)).toEqual([]);
    expect(readingValues(single('weight', '82,4', 'kg'))).toEqual({
      metric: 'weight',
      value: 82.4,
      unit: 'kg',
    });
  });

  it('says what is missing or not a number, per field', () => {
    expect(checkDraft(bp('', ' '), now)).toEqual([
      { field: 'systolic', code: 'required' },
      { field: 'diastolic', code: 'required' },
    ]);
    expect(checkDraft(bp('120.5', 'eighty'), now)).toEqual([
      { field: 'systolic', code: 'not-whole' },
      { field: 'diastolic', code: 'not-number' },
    ]);
  });

  it('wants systolic above diastolic', () => {
    expect(checkDraft(bp('80', '120'), now)).toEqual([{ field: 'systolic', code: 'bp-order' }]);
    expect(checkDraft(bp('90', '90'), now)).toEqual([{ field: 'systolic', code: 'bp-order' }]);
  });

  it('refuses what no device can show, with the bounds in the chosen unit', () => {
    expect(checkDraft(bp('301', '80'), now)).toEqual([
      { field: 'systolic', code: 'range', low: 40, high: 300, unit: 'mm[Hg]' },
    ]);
    // 0.2–650 kg in lb: 0.2 / 0.45359237 = 0.44092…, 650 / 0.45359237 = 1433.0047…
    const [lb] = checkDraft(single('weight', '1500', '[lb_av]'), now);
    expect(lb).toMatchObject({ field: 'value', code: 'range', unit: '[lb_av]' });
    expect(lb?.code === 'range' && [lb.low, lb.high]).toEqual([
      expect.closeTo(0.44092, 5),
      expect.closeTo(1433.0047, 4),
    ]);
    // 10–1000 mg/dL in mmol/L: 10 / 18.016 = 0.55506…, 1000 / 18.016 = 55.506…
    const [mmol] = checkDraft(single('glucose', '60', 'mmol/L'), now);
    expect(mmol?.code === 'range' && [mmol.low, mmol.high]).toEqual([
      expect.closeTo(0.55506, 5),
      expect.closeTo(55.506, 3),
    ]);
    expect(checkDraft(single('glucose', '5,6', 'mmol/L'), now)).toEqual([]);
  });

  it('accepts a time up to 5 min ahead and 30 days back, as the server does', () => {
    expect(checkDraft(bp('142', '91', '2026-11-02T07:19'), now)).toEqual([]);
    expect(checkDraft(bp('142', '91', '2026-11-02T07:21'), now)).toEqual([
      { field: 'at', code: 'future' },
    ]);
    expect(checkDraft(bp('142', '91', '2026-10-03T08:16'), now)).toEqual([]);
    expect(checkDraft(bp('142', '91', '2026-10-03T08:14'), now)).toEqual([
      { field: 'at', code: 'too-old' },
    ]);
    expect(checkDraft(bp('142', '91', '2026-02-30T07:00'), now)).toEqual([
      { field: 'at', code: 'bad-time' },
    ]);
  });
});

describe('local times', () => {
  it('reads a datetime-local value as this device clock time', () => {
    expect(parseLocalDateTime('2026-11-02T07:15')?.toISOString()).toBe('2026-11-02T06:15:00.000Z');
    expect(parseLocalDateTime('2026-07-01T07:15:30')?.toISOString()).toBe(
      '2026-07-01T05:15:30.000Z',
    );
    expect(parseLocalDateTime('02.11.2026 07:15')).toBeUndefined();
  });

  it('writes seconds and the offset of that moment (winter, summer, half hours)', () => {
    expect(toOffsetDateTime(new Date('2026-11-02T06:15:00Z'))).toBe('2026-11-02T07:15:00+01:00');
    expect(toOffsetDateTime(new Date('2026-07-01T05:15:09Z'))).toBe('2026-07-01T07:15:09+02:00');
    process.env.TZ = 'America/St_Johns';
    try {
      expect(toOffsetDateTime(new Date('2026-01-06T02:35:00Z'))).toBe('2026-01-05T23:05:00-03:30');
    } finally {
      process.env.TZ = 'Europe/Berlin';
    }
  });
});
