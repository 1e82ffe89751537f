/**
 * The FHIR resources of a home-country record: Patient, author Practitioner and Organization,
 * and one resource per problem, allergy, medicine (MedicationStatement + Medication with ATC
 * code, EDQM dose form and strength), vaccination and measurement. Resource ids equal their
 * `urn:uuid:` fullUrls' uuid, derived from the visitor and the item's position, so every
 * document is the same on every start.
 */
import type { PatientDef } from '../../data/patient-def';
import type { VisitorHome } from '../../data/patients-visitors';
import type { DocEntry } from '../document';
import { nameUuid } from '../uuid';
import {
  ALLERGY_CLINICAL,
  ALLERGY_VERIFICATION,
  BCP47,
  CONDITION_CATEGORY,
  CONDITION_CLINICAL,
  CONDITION_VERIFICATION,
  NARRATIVE_LINK_EXTENSION,
  OBSERVATION_CATEGORY,
  UCUM,
  coding,
  concept,
  statusConcept,
} from '../vocabulary';
import type { Term } from '../vocabulary';
import type {
  HomeAllergy,
  HomeAuthor,
  HomeImmunization,
  HomeMeasurement,
  HomeMedication,
  HomeProblem,
} from './model';

/** Mints the entries of one visitor's document: `entry('problem', 0)` → stable fullUrl + id. */
export class HomeEntries {
  constructor(readonly home: VisitorHome) {}

  uuid(kind: string, index = 0): string {
    return nameUuid(`sandbox-ncp:${this.home.country}:${this.home.patientId}:${kind}:${index}`);
  }

  entry(
    kind: string,
    index: number,
    resource: { resourceType: string } & Record<string, unknown>,
  ): DocEntry {
    const id = this.uuid(kind, index);
    const { resourceType, ...rest } = resource;
    return { fullUrl: `urn:uuid:${id}`, resource: { resourceType, id, ...rest } };
  }
}

export function patientEntry(e: HomeEntries, def: PatientDef): DocEntry {
  const h = e.home;
  return e.entry('patient', 0, {
    resourceType: 'Patient',
    identifier: [
      {
        system: h.nationalId.system,
        value: h.nationalId.value,
        type: { text: h.nationalId.typeText },
      },
    ],
    name: [{ family: def.family, given: def.given }],
    gender: def.gender,
    birthDate: def.birthDate,
    address: [
      {
        use: 'home',
        line: [h.address.line],
        city: h.address.city,
        postalCode: h.address.postalCode,
        country: h.country,
      },
    ],
    communication: [
      { language: { coding: [{ system: BCP47, code: h.languageCode }] }, preferred: true },
    ],
  });
}

export function authorEntries(
  e: HomeEntries,
  author: HomeAuthor,
): { practitioner: DocEntry; organization: DocEntry } {
  const o = author.organization;
  const p = author.practitioner;
  const address = {
    line: [o.line],
    city: o.city,
    postalCode: o.postalCode,
    country: e.home.country,
  };
  return {
    practitioner: e.entry('practitioner', 0, {
      resourceType: 'Practitioner',
      name: [{ prefix: [p.prefix], given: [p.given], family: p.family }],
      address: [{ use: 'work', ...address }],
      qualification: [{ code: { text: p.qualification } }],
    }),
    organization: e.entry('organization', 0, {
      resourceType: 'Organization',
      name: o.name,
      telecom: [{ system: 'phone', value: o.phone, use: 'work' }],
      address: [{ use: 'work', ...address }],
    }),
  };
}

export function conditionEntry(
  e: HomeEntries,
  index: number,
  p: HomeProblem,
  subject: DocEntry,
  narrativeLink: string,
): DocEntry {
  return e.entry('problem', index, {
    resourceType: 'Condition',
    extension: [{ url: NARRATIVE_LINK_EXTENSION, valueUrl: narrativeLink }],
    clinicalStatus: statusConcept(CONDITION_CLINICAL, 'active'),
    verificationStatus: statusConcept(CONDITION_VERIFICATION, 'confirmed'),
    category: [statusConcept(CONDITION_CATEGORY, 'problem-list-item')],
    code: concept(...p.terms),
    subject: { reference: subject.fullUrl },
    onsetDateTime: p.onset,
  });
}

export function allergyEntry(
  e: HomeEntries,
  index: number,
  a: HomeAllergy,
  patient: DocEntry,
): DocEntry {
  return e.entry('allergy', index, {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: statusConcept(ALLERGY_CLINICAL, 'active'),
    verificationStatus: statusConcept(ALLERGY_VERIFICATION, 'confirmed'),
    type: 'allergy',
    category: [a.category],
    criticality: a.criticality,
    code: concept(a.substance),
    patient: { reference: patient.fullUrl },
    onsetDateTime: a.onset,
    ...(a.reaction
      ? {
          reaction: [
            {
              manifestation: [concept(a.reaction.manifestation)],
              severity: a.reaction.severity,
            },
          ],
        }
      : {}),
  });
}

/** The explicit "no known allergies" statement: an AllergyIntolerance coded 716186003. */
export function noKnownAllergyEntry(
  e: HomeEntries,
  term: Term,
  asserted: string,
  patient: DocEntry,
): DocEntry {
  return e.entry('allergy', 0, {
    resourceType: 'AllergyIntolerance',
    clinicalStatus: statusConcept(ALLERGY_CLINICAL, 'active'),
    verificationStatus: statusConcept(ALLERGY_VERIFICATION, 'confirmed'),
    code: concept(term),
    patient: { reference: patient.fullUrl },
    recordedDate: asserted,
  });
}

export function medicationEntries(
  e: HomeEntries,
  index: number,
  m: HomeMedication,
  subject: DocEntry,
  narrativeLink: string | undefined,
): { statement: DocEntry; medication: DocEntry } {
  const per = {
    value: 1,
    unit: m.strength.per.display,
    system: m.strength.per.system,
    code: m.strength.per.code,
  };
  const medication = e.entry('medication', index, {
    resourceType: 'Medication',
    code: concept(m.atc),
    form: concept(m.form),
    ingredient: [
      {
        itemCodeableConcept: concept(m.atc),
        isActive: true,
        strength: {
          numerator: {
            value: m.strength.value,
            unit: m.strength.unit,
            system: UCUM,
            code: m.strength.ucum,
          },
          denominator: per,
        },
      },
    ],
  });
  const d = m.dosage;
  const statement = e.entry('medication-statement', index, {
    resourceType: 'MedicationStatement',
    ...(narrativeLink
      ? {
          extension: [{ url: NARRATIVE_LINK_EXTENSION, valueUrl: narrativeLink }],
        }
      : {}),
    status: 'active',
    medicationReference: { reference: medication.fullUrl },
    subject: { reference: subject.fullUrl },
    effectivePeriod: { start: m.since },
    dosage: [
      {
        text: d.text,
        ...(d.perDay !== undefined
          ? { timing: { repeat: { frequency: d.perDay, period: 1, periodUnit: 'd' } } }
          : {}),
        ...(d.asNeeded ? { asNeededBoolean: true } : {}),
        route: { coding: [coding(d.route)] },
        doseAndRate: [{ doseQuantity: { ...per, value: d.dose } }],
      },
    ],
  });
  return { statement, medication };
}

export function immunizationEntry(
  e: HomeEntries,
  index: number,
  i: HomeImmunization,
  patient: DocEntry,
): DocEntry {
  return e.entry('immunization', index, {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: concept(i.vaccine),
    patient: { reference: patient.fullUrl },
    occurrenceDateTime: i.date,
    primarySource: true,
  });
}

export function observationEntry(
  e: HomeEntries,
  kind: 'result' | 'vital-sign',
  index: number,
  m: HomeMeasurement,
  subject: DocEntry,
): DocEntry {
  const q = (value: number, ucum: string, unit: string): Record<string, unknown> => ({
    value,
    unit,
    system: UCUM,
    code: ucum,
  });
  const v = m.value;
  return e.entry(kind, index, {
    resourceType: 'Observation',
    status: 'final',
    category: [statusConcept(OBSERVATION_CATEGORY, m.category)],
    code: concept(m.code),
    subject: { reference: subject.fullUrl },
    effectiveDateTime: m.when,
    ...(v.kind === 'quantity'
      ? { valueQuantity: q(v.value, v.ucum, v.unit) }
      : {
          component: [
            { code: concept(v.systolicTerm), valueQuantity: q(v.systolic, 'mm[Hg]', 'mmHg') },
            { code: concept(v.diastolicTerm), valueQuantity: q(v.diastolic, 'mm[Hg]', 'mmHg') },
          ],
        }),
  });
}
