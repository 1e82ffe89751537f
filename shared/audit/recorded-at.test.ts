import { afterEach, describe, expect, it } from 'vitest';
import { auditEntrySchema } from './audit-entry';
import { auditTimestamp } from './recorded-at';

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('auditTimestamp', () => {
  it.each([
    // Winter in Berlin: UTC+1; 09:15:30.250Z is 10:15:30.250 local.
    ['Europe/Berlin', '2026-03-01T09:15:30.250Z', '2026-03-01T10:15:30.250+01:00'],
    // Summer time: UTC+2.
    ['Europe/Berlin', '2026-07-01T09:15:30.250Z', '2026-07-01T11:15:30.250+02:00'],
    // Half-hour, negative offset: UTC−3:30, and the local date is the day before.
    ['America/St_Johns', '2026-01-02T02:00:00.005Z', '2026-01-01T22:30:00.005-03:30'],
    ['UTC', '2026-01-02T02:00:00.000Z', '2026-01-02T02:00:00.000+00:00'],
  ])('in %s, %s → %s', (tz, instant, expected) => {
    process.env.TZ = tz;
    const value = auditTimestamp(new Date(instant));
    expect(value).toBe(expected);
    // Same instant, and a value the entry schema accepts.
    expect(Date.parse(value)).toBe(Date.parse(instant));
    expect(auditEntrySchema.shape.recorded.safeParse(value).success).toBe(true);
  });

  it('refuses an invalid date instead of writing "NaN"', () => {
    expect(() => auditTimestamp(new Date('nope'))).toThrow(RangeError);
  });
});
