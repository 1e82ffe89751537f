import {
  ageFromBirthDate,
  fhirDateToEpoch,
  formatFhirDate,
  localToday,
  parseFhirDate,
} from './dates';

const ZONES = [
  'America/Los_Angeles',
  'Pacific/Honolulu',
  'UTC',
  'Europe/Berlin',
  'Pacific/Kiritimati',
];
const originalTz = process.env.TZ;

afterEach(() => {
  process.env.TZ = originalTz;
});

describe.each(ZONES)('formatFhirDate in %s', (tz) => {
  beforeEach(() => {
    process.env.TZ = tz;
  });

  it('never shifts a date-only value', () => {
    expect(formatFhirDate('2020-01-01', 'en-US')).toBe('Jan 1, 2020');
    expect(formatFhirDate('1986-12-31', 'en-US')).toBe('Dec 31, 1986');
    expect(formatFhirDate('2020-01-01', 'de-DE')).toBe('1. Jan. 2020');
  });

  it('shows partial dates as partial', () => {
    expect(formatFhirDate('2019', 'en-US')).toBe('2019');
    expect(formatFhirDate('2019-03', 'en-US')).toBe('Mar 2019');
    expect(formatFhirDate('2019-01', 'en-US')).toBe('Jan 2019');
  });

  it('shows an instant in the local zone with its time', () => {
    const shown = formatFhirDate('2020-01-01T00:30:00Z', 'en-US');
    const expected = new Intl.DateTimeFormat('en-US', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: tz,
    }).format(new Date(Date.UTC(2020, 0, 1, 0, 30)));
    expect(shown).toBe(expected);
  });

  it('orders date-only values as UTC days', () => {
    expect(fhirDateToEpoch('2020-01-01')).toBe(Date.UTC(2020, 0, 1));
  });

  it('computes today from the local calendar', () => {
    const now = new Date(Date.UTC(2024, 5, 30, 23, 30));
    const expected = new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(now);
    expect(localToday(now)).toBe(expected);
  });
});

describe('formatFhirDate edge cases', () => {
  it('returns empty for missing and the raw value for garbage', () => {
    expect(formatFhirDate(undefined, 'en-US')).toBe('');
    expect(formatFhirDate('', 'en-US')).toBe('');
    expect(formatFhirDate('not a date', 'en-US')).toBe('not a date');
    expect(formatFhirDate('2020-02-30', 'en-US')).toBe('2020-02-30');
  });

  it('keeps years below 100 as sent', () => {
    expect(formatFhirDate('0050-06-01', 'en-US')).toBe('Jun 1, 50');
  });
});

describe('parseFhirDate', () => {
  it('parses each precision and rejects invalid days', () => {
    expect(parseFhirDate('2020')).toEqual({ year: 2020, precision: 'year' });
    expect(parseFhirDate('2020-02')).toEqual({ year: 2020, month: 2, precision: 'month' });
    expect(parseFhirDate('2020-02-29')?.precision).toBe('day');
    expect(parseFhirDate('2021-02-29')).toBeUndefined();
    expect(parseFhirDate('2021-13')).toBeUndefined();
  });
});

describe('ageFromBirthDate', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageFromBirthDate('1986-07-15', '2024-07-14')).toBe(37);
    expect(ageFromBirthDate('1986-07-15', '2024-07-15')).toBe(38);
    expect(ageFromBirthDate('2000-02-29', '2021-02-28')).toBe(20);
    expect(ageFromBirthDate('2000-02-29', '2021-03-01')).toBe(21);
  });

  it('handles partial and invalid birth dates', () => {
    expect(ageFromBirthDate('1986-07', '2024-08-01')).toBe(38);
    expect(ageFromBirthDate('1986-07', '2024-06-01')).toBe(37);
    expect(ageFromBirthDate('1986-07', '2024-07-20')).toBeUndefined();
    expect(ageFromBirthDate('1986', '2024-07-20')).toBeUndefined();
    expect(ageFromBirthDate('2030-01-01', '2024-07-20')).toBeUndefined();
    expect(ageFromBirthDate('garbage', '2024-07-20')).toBeUndefined();
  });

  it('accepts a dateTime birth date by its day', () => {
    expect(ageFromBirthDate('1986-07-15T10:00:00Z', '2024-07-15')).toBe(38);
  });
});
