/**
 * Builds one synthetic patient's record: typed helpers for each resource kind, with stable
 * ids (`<patient>-<kind>-<n>`) and `meta.lastUpdated` set shortly after the clinical date
 * (never after the anchor), so `_lastUpdated` and `_sort` behave like a real server's data.
 */
import { ANCHOR_MS, daysAgo } from './prng';
import type { Rng } from './prng';
import {
  ATC, BP, CVX, LAB_RANGES, LOINC, OBS_CATEGORY, RXNORM, SNOMED, UCUM,
} from './codes';
import type { Concept, MedicationDef, QuantityKind } from './codes';
import type { IncomingResource } from '../fhir/types';

export interface GeneratedResource {
  resource: IncomingResource;
  lastUpdated: string;
}

export const ORGANIZATION_ID = 'org-riverside';
export const RADIOLOGIST_ID = 'practitioner-novak';

const CLINICAL_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';

const xhtml = (text: string): { status: string; div: string } => ({
  status: 'generated',
  div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p></div>`,
});

const cc = (system: string, c: Concept, text?: string): Record<string, unknown> => ({
  coding: [{ system, code: c.code, display: c.display }],
  text: text ?? c.display,
});

export class RecordBuilder {
  readonly out: GeneratedResource[] = [];
  private readonly counters = new Map<string, number>();

  constructor(
    readonly patientId: string,
    readonly rng: Rng,
    readonly practitionerId: string,
  ) {}

  get subject(): { reference: string } {
    return { reference: `Patient/${this.patientId}` };
  }

  private nextId(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${this.patientId}-${kind}-${String(n).padStart(kind === 'obs' ? 5 : 3, '0')}`;
  }

  /** Adds a resource; lastUpdated = clinical instant + 2 h, clamped to the anchor. */
  add(resource: IncomingResource, when: string): IncomingResource {
    const at = Date.parse(when.length === 10 ? `${when}T12:00:00Z` : when);
    const lastUpdated = new Date(Math.min(at + 2 * 3_600_000, ANCHOR_MS)).toISOString();
    this.out.push({ resource, lastUpdated });
    return resource;
  }

  condition(c: Concept, onset: string, opts: { status?: 'active' | 'resolved'; abatement?: string; note?: string } = {}): string {
    const id = this.nextId('cond');
    const status = opts.status ?? 'active';
    this.add(
      {
        resourceType: 'Condition',
        id,
        text: xhtml(`${c.display} (${status}), since ${onset}.${opts.note ? ` ${opts.note}` : ''}`),
        clinicalStatus: { coding: [{ system: CLINICAL_STATUS, code: status }] },
        verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] },
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item', display: 'Problem List Item' }] }],
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

  medication(m: MedicationDef, authoredOn: string, opts: { status?: 'active' | 'stopped' | 'completed'; reason?: Concept } = {}): string {
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
        medicationCodeableConcept: { coding: [{ system: ATC, code: m.atc.code, display: m.atc.display }], text: m.text },
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
    opts: { criticality: 'low' | 'high' | 'unable-to-assess'; category: 'food' | 'medication' | 'environment'; reaction?: Concept; severity?: 'mild' | 'moderate' | 'severe' },
  ): string {
    const id = this.nextId('allergy');
    this.add(
      {
        resourceType: 'AllergyIntolerance',
        id,
        text: xhtml(`${substance.display} allergy, criticality ${opts.criticality}${opts.reaction ? `; reaction: ${opts.reaction.display}` : ''}.`),
        clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
        verificationStatus: { coding: [{ system: ALLERGY_VERIFICATION, code: 'confirmed' }] },
        type: 'allergy',
        category: [opts.category],
        criticality: opts.criticality,
        code: cc(SNOMED, substance),
        patient: this.subject,
        recordedDate: recorded,
        ...(opts.reaction
          ? { reaction: [{ manifestation: [cc(SNOMED, opts.reaction)], severity: opts.severity ?? 'moderate' }] }
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

  encounter(start: string, type: Concept, opts: { classCode?: 'AMB' | 'IMP' | 'EMER' | 'VR'; minutes?: number; reason?: Concept } = {}): string {
    const id = this.nextId('enc');
    const classCode = opts.classCode ?? 'AMB';
    const display = { AMB: 'ambulatory', IMP: 'inpatient encounter', EMER: 'emergency', VR: 'virtual' }[classCode];
    const end = new Date(Date.parse(start) + (opts.minutes ?? 20) * 60_000).toISOString().replace('.000Z', 'Z');
    this.add(
      {
        resourceType: 'Encounter',
        id,
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: classCode, display },
        type: [cc(SNOMED, type)],
        subject: this.subject,
        participant: [{ individual: { reference: `Practitioner/${this.practitionerId}` } }],
        period: { start, end },
        ...(opts.reason ? { reasonCode: [cc(SNOMED, opts.reason)] } : {}),
        serviceProvider: { reference: `Organization/${ORGANIZATION_ID}` },
      },
      start,
    );
    return id;
  }

  private range(kind: QuantityKind): Record<string, unknown> {
    const r = LAB_RANGES[kind.code];
    if (!r) return {};
    const q = (value: number): Record<string, unknown> => ({ value, unit: kind.unit, system: UCUM, code: kind.ucum });
    return { referenceRange: [{ ...(r.low !== undefined ? { low: q(r.low) } : {}), ...(r.high !== undefined ? { high: q(r.high) } : {}) }] };
  }

  private interpretation(kind: QuantityKind, value: number): Record<string, unknown> {
    const r = LAB_RANGES[kind.code];
    if (!r) return {};
    const code = r.high !== undefined && value > r.high ? 'H' : r.low !== undefined && value < r.low ? 'L' : 'N';
    const display = { H: 'High', L: 'Low', N: 'Normal' }[code];
    return { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code, display }] }] };
  }

  quantity(kind: QuantityKind, value: number, when: string, encounterId?: string): string {
    const id = this.nextId('obs');
    const rounded = Math.round(value * 10 ** kind.digits) / 10 ** kind.digits;
    this.add(
      {
        resourceType: 'Observation',
        id,
        status: 'final',
        category: [{ coding: [{ system: OBS_CATEGORY, code: kind.category, display: kind.category === 'laboratory' ? 'Laboratory' : 'Vital Signs' }] }],
        code: cc(LOINC, kind),
        subject: this.subject,
        ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
        effectiveDateTime: when,
        ...(kind.category === 'laboratory' ? { issued: when } : {}),
        valueQuantity: { value: rounded, unit: kind.unit, system: UCUM, code: kind.ucum },
        ...this.interpretation(kind, rounded),
        ...this.range(kind),
      },
      when,
    );
    return id;
  }

  bloodPressure(systolic: number, diastolic: number, when: string, encounterId?: string): string {
    const id = this.nextId('obs');
    const comp = (c: Concept, v: number): Record<string, unknown> => ({
      code: cc(LOINC, c),
      valueQuantity: { value: Math.round(v), unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    });
    this.add(
      {
        resourceType: 'Observation',
        id,
        status: 'final',
        category: [{ coding: [{ system: OBS_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] }],
        code: cc(LOINC, BP.panel, 'Blood pressure'),
        subject: this.subject,
        ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
        effectiveDateTime: when,
        component: [comp(BP.systolic, systolic), comp(BP.diastolic, diastolic)],
      },
      when,
    );
    return id;
  }

  procedure(c: Concept, when: string, encounterId?: string): string {
    const id = this.nextId('proc');
    this.add(
      {
        resourceType: 'Procedure',
        id,
        status: 'completed',
        code: cc(SNOMED, c),
        subject: this.subject,
        ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
        performedDateTime: when,
        performer: [{ actor: { reference: `Practitioner/${this.practitionerId}` } }],
      },
      when,
    );
    return id;
  }

  carePlan(title: string, description: string, start: string, addresses: string[]): string {
    const id = this.nextId('careplan');
    this.add(
      {
        resourceType: 'CarePlan',
        id,
        text: xhtml(`${title}: ${description}`),
        status: 'active',
        intent: 'plan',
        title,
        description,
        category: [{ coding: [{ system: SNOMED, code: '734163000', display: 'Care plan' }] }],
        subject: this.subject,
        period: { start },
        addresses: addresses.map((c) => ({ reference: `Condition/${c}` })),
        author: { reference: `Practitioner/${this.practitionerId}` },
      },
      start,
    );
    return id;
  }

  newId(kind: string): string {
    return this.nextId(kind);
  }

  /** `daysAgo` with a random minute, so readings are not all on the hour. */
  at(days: number, hour: number): string {
    return daysAgo(days, hour, this.rng.int(0, 59));
  }
}
