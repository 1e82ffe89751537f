import { describe, expect, it } from 'vitest';
import { decideAccess, parseResourceScope, validateScopes } from './scopes';

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
