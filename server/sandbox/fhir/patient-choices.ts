/** Patient list for the picker and the EHR page: display name, birth date, sex; sorted by name. */
import type { PatientChoice } from '../auth/pages';
import { isRecord } from './types';
import type { ResourceStore } from './store';

export function patientDisplayName(patient: Record<string, unknown>): string {
  const names = Array.isArray(patient.name) ? (patient.name as unknown[]) : [];
  const name = names.find((n) => isRecord(n) && n.use === 'official') ?? names[0];
  if (!isRecord(name)) return '(no name)';
  if (typeof name.text === 'string') return name.text;
  const given = Array.isArray(name.given) ? name.given.join(' ') : '';
  const family = typeof name.family === 'string' ? name.family : '';
  return `${given} ${family}`.trim() || '(no name)';
}

export function listPatientChoices(store: ResourceStore): PatientChoice[] {
  return store
    .all('Patient')
    .map((p) => ({
      id: p.id,
      name: patientDisplayName(p),
      birthDate: typeof p.birthDate === 'string' ? p.birthDate : 'unknown',
      gender: typeof p.gender === 'string' ? p.gender : 'unknown',
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
}
