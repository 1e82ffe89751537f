import type { AllergyIntolerance, DocumentReference, Goal, Immunization } from 'fhir/r4';
import { isEnteredInError, withoutEnteredInError } from './status';

describe('isEnteredInError', () => {
  it('reads status, docStatus, lifecycleStatus and verificationStatus', () => {
    const imm: Immunization = {
      resourceType: 'Immunization',
      status: 'entered-in-error',
      patient: {},
      vaccineCode: {},
    };
    const doc: DocumentReference = {
      resourceType: 'DocumentReference',
      status: 'current',
      docStatus: 'entered-in-error',
      content: [],
    };
    const goal: Goal = {
      resourceType: 'Goal',
      lifecycleStatus: 'entered-in-error',
      description: {},
      subject: {},
    };
    const allergy: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      patient: {},
      verificationStatus: { coding: [{ code: 'entered-in-error' }] },
    };
    for (const r of [imm, doc, goal, allergy]) expect(isEnteredInError(r)).toBe(true);
    const ok: Immunization = { ...imm, status: 'completed' };
    expect(isEnteredInError(ok)).toBe(false);
    expect(withoutEnteredInError([imm, ok, doc])).toEqual([ok]);
  });
});
