/**
 * A visitor's home-country record, written the way the home system holds it: every coded
 * designation in the source language, some with an English translation the home system added
 * (`Term.en`), most without. build.ts turns one into an IPS document.
 */
import type { VisitorHome } from '../../data/patients-visitors';
import type { Term } from '../vocabulary';

export interface HomeProblem {
  /** First term is the primary coding (SNOMED CT); more terms add codings (e.g. ICD-10). */
  terms: Term[];
  /** Date-only, as the home record holds it. */
  onset: string;
}

export interface HomeAllergy {
  substance: Term;
  category: 'food' | 'medication' | 'environment' | 'biologic';
  criticality: 'low' | 'high' | 'unable-to-assess';
  reaction?: { manifestation: Term; severity: 'mild' | 'moderate' | 'severe' };
  /** Date-only. */
  onset: string;
}

/**
 * The allergies the home record holds: a list, an explicit "no known allergies" statement
 * (an entry with SNOMED 716186003), or no information at all (an empty section with
 * emptyReason `unavailable`). The last two mean different things to a prescriber.
 */
export type HomeAllergies =
  | { kind: 'recorded'; items: HomeAllergy[] }
  | { kind: 'none-known'; term: Term; asserted: string }
  | { kind: 'no-information' };

export interface HomeMedication {
  /** The product as the prescriber wrote it (narrative only). */
  product: string;
  /** ATC code of the active substance; also the Medication's code. */
  atc: Term;
  /** EDQM pharmaceutical dose form. */
  form: Term;
  /** Amount of active substance per unit of presentation, e.g. 500 mg per 1 tablet. */
  strength: { value: number; ucum: string; unit: string; per: Term };
  dosage: {
    /** In the source language, as printed on the home prescription. */
    text: string;
    route: Term;
    /** Units of presentation per dose (the unit is `strength.per`). */
    dose: number;
    /** Doses per day; absent when taken as needed. */
    perDay?: number;
    asNeeded?: boolean;
  };
  /** Date-only. */
  since: string;
}

export interface HomeImmunization {
  vaccine: Term;
  /** Date-only. */
  date: string;
}

export interface HomeMeasurement {
  code: Term;
  category: 'laboratory' | 'vital-signs';
  /** Instant. */
  when: string;
  value:
    | { kind: 'quantity'; value: number; ucum: string; unit: string }
    | {
        kind: 'blood-pressure';
        systolic: number;
        diastolic: number;
        systolicTerm: Term;
        diastolicTerm: Term;
      };
}

export interface HomeAuthor {
  practitioner: { prefix: string; given: string; family: string; qualification: string };
  organization: { name: string; line: string; city: string; postalCode: string; phone: string };
}

export interface HomeRecord {
  home: VisitorHome;
  /** Composition.date, an instant. */
  date: string;
  author: HomeAuthor;
  problems: HomeProblem[];
  allergies: HomeAllergies;
  medications: HomeMedication[];
  immunizations: HomeImmunization[];
  results: HomeMeasurement[];
  vitalSigns: HomeMeasurement[];
}
