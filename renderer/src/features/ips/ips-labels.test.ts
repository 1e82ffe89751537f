import { describe, expect, it } from 'vitest';
import { countryLabel, printFileName } from './ips-labels';

describe('labels', () => {
  it('names ISO country codes, keeps written-out countries, leaves unknown unknown', () => {
    expect(countryLabel('DE', 'en')).toBe('Germany (DE)');
    expect(countryLabel('DE', 'de')).toBe('Deutschland (DE)');
    expect(countryLabel('Deutschland', 'en')).toBe('Deutschland');
    expect(countryLabel(undefined, 'en')).toBeUndefined();
  });

  it('builds a safe print file name', () => {
    expect(printFileName('DE', '2024-05-01T10:00:00+02:00')).toBe(
      'patient-summary-DE-2024-05-01.pdf',
    );
    expect(printFileName('Côte d’Ivoire', undefined)).toBe('patient-summary-C-te-d-Ivoire.pdf');
    expect(printFileName(undefined, 'May 2024')).toBe('patient-summary.pdf');
  });
});
