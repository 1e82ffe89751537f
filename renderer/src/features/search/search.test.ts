// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { patientSearchParams, validateQuery } from './search-params';
import {
  clearRecentPatients,
  readRecentPatients,
  recentPatientsKey,
  recordRecentPatient,
  RECENT_LIMIT,
} from './recent-patients';

describe('patient search parameters', () => {
  it('builds name, identifier and birthdate, trimmed', () => {
    expect(
      patientSearchParams({ name: ' smith ', identifier: 'urn:x|42', birthDate: '1970-01-31' }),
    ).toEqual({
      _count: '25',
      name: 'smith',
      identifier: 'urn:x|42',
      birthdate: '1970-01-31',
    });
  });

  it('rejects empty queries and dates that are not YYYY-MM-DD', () => {
    expect(validateQuery({ name: '', identifier: ' ', birthDate: '' })).toBe('empty');
    expect(validateQuery({ name: 'a', identifier: '', birthDate: '31.01.1970' })).toBe('bad-date');
    expect(validateQuery({ name: '', identifier: '', birthDate: '1970-13-01' })).toBe('bad-date');
    expect(validateQuery({ name: '', identifier: '', birthDate: '1970-01-31' })).toBeNull();
  });
});

describe('recent patients', () => {
  const key = recentPatientsKey('sandbox', 'Practitioner/1');
  beforeEach(() => localStorage.clear());

  it('keeps the last 10, newest first, without duplicates', () => {
    for (let i = 0; i < 12; i++) recordRecentPatient(key, `p${i}`);
    recordRecentPatient(key, 'p5');
    const list = readRecentPatients(key);
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list.map((p) => p.id).slice(0, 3)).toEqual(['p5', 'p11', 'p10']);
    expect(new Set(list.map((p) => p.id)).size).toBe(RECENT_LIMIT);
  });

  it('stores only ids and when they were opened', () => {
    recordRecentPatient(key, 'anna-1', new Date('2024-05-01T10:00:00Z'));
    expect(JSON.parse(localStorage.getItem(key) ?? '')).toEqual([
      { id: 'anna-1', openedAt: '2024-05-01T10:00:00.000Z' },
    ]);
    expect(() => recordRecentPatient(key, '<script>')).toThrow();
  });

  it('removes names and birth dates left by older versions', () => {
    localStorage.setItem(
      key,
      JSON.stringify([
        { id: 'p9', name: 'Max Muster', birthDate: '1980-05-05', gender: 'male', openedAt: 'x' },
      ]),
    );
    expect(readRecentPatients(key)).toEqual([{ id: 'p9', openedAt: 'x' }]);
    const stored = localStorage.getItem(key) ?? '';
    expect(stored).not.toContain('Max');
    expect(stored).not.toContain('1980');
  });

  it('is separate per server and user, and can be cleared', () => {
    recordRecentPatient(key, 'a');
    expect(readRecentPatients(recentPatientsKey('sandbox', 'Practitioner/2'))).toEqual([]);
    expect(readRecentPatients(recentPatientsKey('other', 'Practitioner/1'))).toEqual([]);
    clearRecentPatients(key);
    expect(localStorage.getItem(key)).toBeNull();
  });

  it('drops invalid entries and survives garbage', () => {
    localStorage.setItem(key, JSON.stringify([{ id: 'ok', openedAt: 'x' }, { id: '<script>' }, 7]));
    expect(readRecentPatients(key).map((p) => p.id)).toEqual(['ok']);
    localStorage.setItem(key, 'nope');
    expect(readRecentPatients(key)).toEqual([]);
  });
});
