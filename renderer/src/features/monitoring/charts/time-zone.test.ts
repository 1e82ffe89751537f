import { tzOffsetFor } from './time-zone';

describe('tzOffsetFor', () => {
  it('follows daylight saving in Europe/Berlin (CET +60, CEST +120)', () => {
    const berlin = tzOffsetFor('Europe/Berlin');
    expect(berlin(Date.UTC(2026, 0, 15, 12))).toBe(60);
    expect(berlin(Date.UTC(2026, 6, 15, 12))).toBe(120);
    // EU change: last Sunday of March 2026 (29th) at 01:00 UTC.
    expect(berlin(Date.UTC(2026, 2, 29, 0, 59))).toBe(60);
    expect(berlin(Date.UTC(2026, 2, 29, 1, 0))).toBe(120);
  });

  it('handles zones west of UTC and half-hour zones', () => {
    expect(tzOffsetFor('America/New_York')(Date.UTC(2026, 0, 15))).toBe(-300);
    expect(tzOffsetFor('Asia/Kolkata')(Date.UTC(2026, 0, 15))).toBe(330);
    expect(tzOffsetFor('UTC')(Date.UTC(2026, 0, 15))).toBe(0);
  });

  it('refuses an unknown zone', () => {
    expect(() => tzOffsetFor('Mars/Olympus')).toThrow(RangeError);
  });
});
