/** Clinical statements: conditions, medications, allergies and immunizations. */
import { BaseBuilder, cc, xhtml } from './builder-base';
import { ATC, CVX, RXNORM, SNOMED } from './codes';
import type { Concept, MedicationDef } from './codes';

const CLINICAL_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const ALLERGY_VERIFICATION =
  'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';

export class StatementBuilder extends BaseBuilder {
  condition(
    c: Concept,
    onset: string,
    opts: { status?: 'active' | 'resolved'; abatement?: string; note?: string } = {},
  ): string {
    const id = this.nextId('cond');
    const status = opts.status ?? 'active';
    this.add(
      {
        resourceType: 'Condition',
        id,
        text: xhtml(`${c.display} (${status}), since ${onset}.${opts.note ? ` ${opts.note}` : ''}`),
        clinicalStatus: { coding: [{ system: CLINICAL_STATUS, code: status }] },
        verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] },
        category: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-category',
                code: 'problem-list-item',
                display: 'Problem List Item',
              },
            ],
          },
        ],
        code: cc(SNOMED, c),
        subject: this.subject,
        onsetDateTime: onset,
        ...(opts.abatement ? { abatementDateTime: opts.abatement } : {}),
        recordedDate: onset,
        recorder: { reference: `Practitioner/${this.practitionerId}` },
      },
      onset,
    );
    return id;
  }

  medication(
    m: MedicationDef,
    authoredOn: string,
    opts: { status?: 'active' | 'stopped' | 'completed'; reason?: Concept } = {},
  ): string {
    const id = this.nextId('medreq');
    const coding = [
      ...(m.rxnorm ? [{ system: RXNORM, code: m.rxnorm.code, display: m.rxnorm.display }] : []),
      { system: ATC, code: m.atc.code, display: m.atc.display },
    ];
    this.add(
      {
        resourceType: 'MedicationRequest',
        id,
        status: opts.status ?? 'active',
        intent: 'order',
        medicationCodeableConcept: { coding, text: m.text },
        subject: this.subject,
        authoredOn,
        requester: { reference: `Practitioner/${this.practitionerId}` },
        ...(opts.reason ? { reasonCode: [cc(SNOMED, opts.reason)] } : {}),
        dosageInstruction: [{ text: m.dosage }],
      },
      authoredOn,
    );
    return id;
  }

  medicationStatement(m: MedicationDef, effective: string): string {
    const id = this.nextId('medstmt');
    this.add(
      {
        resourceType: 'MedicationStatement',
        id,
        status: 'active',
        medicationCodeableConcept: {
          coding: [{ system: ATC, code: m.atc.code, display: m.atc.display }],
          text: m.text,
        },
        subject: this.subject,
        effectiveDateTime: effective,
        dateAsserted: effective,
        informationSource: this.subject,
        dosage: [{ text: m.dosage }],
      },
      effective,
    );
    return id;
  }

  allergy(
    substance: Concept,
    recorded: string,
    opts: {
      criticality: 'low' | 'high' | 'unable-to-assess';
      category: 'food' | 'medication' | 'environment';
      reaction?: Concept;
      severity?: 'mild' | 'moderate' | 'severe';
    },
  ): string {
    const id = this.nextId('allergy');
    this.add(
      {
        resourceType: 'AllergyIntolerance',
        id,
        text: xhtml(
          `${substance.display} allergy, criticality ${opts.criticality}${opts.reaction ? `; reaction: ${opts.reaction.display}` : ''}.`,
        ),
        clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
        verificationStatus: { coding: [{ system: ALLERGY_VERIFICATION, code: 'confirmed' }] },
        type: 'allergy',
        category: [opts.category],
        criticality: opts.criticality,
        code: cc(SNOMED, substance),
        patient: this.subject,
        recordedDate: recorded,
        ...(opts.reaction
          ? {
              reaction: [
                {
                  manifestation: [cc(SNOMED, opts.reaction)],
                  severity: opts.severity ?? 'moderate',
                },
              ],
            }
          : {}),
      },
      recorded,
    );
    return id;
  }

  /** The explicit "no known allergies" statement, distinct from having no information. */
  noKnownAllergies(substance: Concept, recorded: string): string {
    const id = this.nextId('allergy');
    this.add(
      {
        resourceType: 'AllergyIntolerance',
        id,
        clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
        verificationStatus: { coding: [{ system: ALLERGY_VERIFICATION, code: 'confirmed' }] },
        code: cc(SNOMED, substance),
        patient: this.subject,
        recordedDate: recorded,
      },
      recorded,
    );
    return id;
  }

  immunization(v: Concept, date: string): string {
    const id = this.nextId('imm');
    this.add(
      {
        resourceType: 'Immunization',
        id,
        status: 'completed',
        vaccineCode: cc(CVX, v),
        patient: this.subject,
        occurrenceDateTime: date,
        primarySource: true,
        performer: [{ actor: { reference: `Practitioner/${this.practitionerId}` } }],
      },
      date,
    );
    return id;
  }
}
