import { describe, expect, it } from 'vitest';
import { decideAccess, isCoveredBy, parseResourceScope, validateScopes } from './scopes';

describe('SMART scopes', () => {
  it('parses v1 and v2 syntax into permissions', () => {
    expect([...(parseResourceScope('patient/*.read')?.permissions ?? [])]).toEqual(['r', 's']);
    expect([...(parseResourceScope('user/Observation.write')?.permissions ?? [])]).toEqual([
      'c',
      'u',
      'd',
    ]);
    expect([...(parseResourceScope('patient/*.rs')?.permissions ?? [])]).toEqual(['r', 's']);
    expect(parseResourceScope('user/*.cruds')?.permissions.size).toBe(5);
    expect(parseResourceScope('patient/*.sr')).toBeUndefined(); // v2 letters must be in order
    expect(parseResourceScope('patient/*.')).toBeUndefined();
    expect(parseResourceScope('openid')).toBeUndefined();
  });

  it('flags the first unknown scope', () => {
    expect(
      validateScopes('openid fhirUser launch/patient patient/*.rs offline_access').invalid,
    ).toBeUndefined();
    expect(validateScopes('openid admin/*.*').invalid).toBe('admin/*.*');
    // System scopes are for backend services (client_credentials), never for a signed-in app.
    expect(validateScopes('openid user/*.rs system/*.rs').invalid).toBe('system/*.rs');
  });

  it('checks that a requested scope stays within granted ones', () => {
    const granted = ['system/Observation.cru', 'system/*.r'].map((s) => {
      const parsed = parseResourceScope(s);
      if (!parsed) throw new Error(s);
      return parsed;
    });
    const covered = (s: string): boolean => {
      const parsed = parseResourceScope(s);
      return parsed !== undefined && isCoveredBy(parsed, granted);
    };
    expect(covered('system/Observation.c')).toBe(true);
    expect(covered('system/Observation.cru')).toBe(true);
    expect(covered('system/Patient.r')).toBe(true); // from system/*.r
    expect(covered('system/Patient.rs')).toBe(false); // no search anywhere
    expect(covered('system/Observation.d')).toBe(false);
    expect(covered('system/*.c')).toBe(false); // create only on Observation
    expect(covered('user/Observation.r')).toBe(false); // another level
  });

  it('decides access per type and level', () => {
    expect(decideAccess(['user/*.rs'], 'Observation', 'r')).toEqual({
      allowed: true,
      patientOnly: false,
    });
    expect(decideAccess(['user/*.rs'], 'Observation', 'c').allowed).toBe(false);
    expect(decideAccess(['patient/*.read'], 'Condition', 's')).toEqual({
      allowed: true,
      patientOnly: true,
    });
    expect(
      decideAccess(['patient/*.rs', 'user/Practitioner.rs'], 'Practitioner', 'r').patientOnly,
    ).toBe(false);
    expect(decideAccess(['patient/Observation.rs'], 'Condition', 'r').allowed).toBe(false);
    expect(decideAccess(['patient/*.write'], 'Communication', 'u').allowed).toBe(true);
  });
});
