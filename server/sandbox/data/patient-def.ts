/** The shape of one synthetic patient definition and shared series helpers. */
import type { RecordBuilder } from './builder';
import { ENCOUNTER_TYPES, VITALS } from './codes';
import type { Concept } from './codes';

export interface PatientDef {
  id: string;
  given: string[];
  family: string;
  gender: 'male' | 'female';
  birthDate: string;
  story: string;
  practitionerId: string;
  /** Extra Patient fields: communication, address, identifier, deceasedDateTime… */
  extra?: Record<string, unknown>;
  /** ISO country for the address (default GB-style local address). */
  build: (b: RecordBuilder) => void;
}

/**
 * `count` clinic visits every `everyDays` days back from the anchor (oldest first), each with
 * BP, heart rate and weight around the given baselines; `each` adds visit-specific resources.
 */
export function routineVisits(
  b: RecordBuilder,
  count: number,
  everyDays: number,
  base: { systolic: number; diastolic: number; heartRate: number; weight: number; type?: Concept },
  each?: (encounterId: string, when: string, index: number) => void,
): void {
  for (let i = count - 1; i >= 0; i--) {
    const days = i * everyDays + 3;
    const when = b.at(days, 9 + (i % 6));
    const enc = b.encounter(
      when,
      base.type ?? (i % 3 === 0 ? ENCOUNTER_TYPES.checkUp : ENCOUNTER_TYPES.followUp),
    );
    b.bloodPressure(b.rng.normal(base.systolic, 8), b.rng.normal(base.diastolic, 5), when, enc);
    b.quantity(VITALS.heartRate, b.rng.normal(base.heartRate, 6), when, enc);
    b.quantity(VITALS.weight, b.rng.normal(base.weight, 0.8), when, enc);
    each?.(enc, when, count - 1 - i);
  }
}
