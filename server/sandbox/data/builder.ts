/**
 * The full record builder: encounters, observations (vital signs and labs with UCUM units,
 * reference ranges and H/L interpretation), procedures and care plans, on top of the
 * clinical statements.
 */
import { ORGANIZATION_ID, cc, xhtml } from './builder-base';
import { BP, LAB_RANGES, LOINC, OBS_CATEGORY, SNOMED, UCUM } from './codes';
import type { Concept, QuantityKind } from './codes';
import { StatementBuilder } from './builder-statements';

export { ORGANIZATION_ID, RADIOLOGIST_ID } from './builder-base';
export type { GeneratedResource } from './builder-base';

export class RecordBuilder extends StatementBuilder {
  encounter(
    start: string,
    type: Concept,
    opts: { classCode?: 'AMB' | 'IMP' | 'EMER' | 'VR'; minutes?: number; reason?: Concept } = {},
  ): string {
    const id = this.nextId('enc');
    const classCode = opts.classCode ?? 'AMB';
    const display = {
      AMB: 'ambulatory',
      IMP: 'inpatient encounter',
      EMER: 'emergency',
      VR: 'virtual',
    }[classCode];
    const end = new Date(Date.parse(start) + (opts.minutes ?? 20) * 60_000)
      .toISOString()
      .replace('.000Z', 'Z');
    this.add(
      {
        resourceType: 'Encounter',
        id,
        status: 'finished',
        class: {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
          code: classCode,
          display,
        },
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
    const q = (value: number): Record<string, unknown> => ({
      value,
      unit: kind.unit,
      system: UCUM,
      code: kind.ucum,
    });
    return {
      referenceRange: [
        {
          ...(r.low !== undefined ? { low: q(r.low) } : {}),
          ...(r.high !== undefined ? { high: q(r.high) } : {}),
        },
      ],
    };
  }

  private interpretation(kind: QuantityKind, value: number): Record<string, unknown> {
    const r = LAB_RANGES[kind.code];
    if (!r) return {};
    const code =
      r.high !== undefined && value > r.high
        ? 'H'
        : r.low !== undefined && value < r.low
          ? 'L'
          : 'N';
    const display = { H: 'High', L: 'Low', N: 'Normal' }[code];
    return {
      interpretation: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
              code,
              display,
            },
          ],
        },
      ],
    };
  }

  quantity(kind: QuantityKind, value: number, when: string, encounterId?: string): string {
    const id = this.nextId('obs');
    const rounded = Math.round(value * 10 ** kind.digits) / 10 ** kind.digits;
    this.add(
      {
        resourceType: 'Observation',
        id,
        status: 'final',
        category: [
          {
            coding: [
              {
                system: OBS_CATEGORY,
                code: kind.category,
                display: kind.category === 'laboratory' ? 'Laboratory' : 'Vital Signs',
              },
            ],
          },
        ],
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
        category: [
          { coding: [{ system: OBS_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] },
        ],
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
}
