import { describe, expect, it } from 'vitest';
import { auditActionSchema, auditEntrySchema, type AuditEntry } from './audit-entry';
import { toAuditEvent } from './audit-event';

const base: AuditEntry = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  recorded: '2026-03-01T10:15:30.250+01:00',
  action: 'chart-opened',
  outcome: 'success',
  user: { reference: 'Practitioner/weber', display: 'Dr. Lena Weber' },
  serverId: 'sandbox',
  patient: { reference: 'Patient/sandbox-hypertension' },
};

describe('toAuditEvent', () => {
  it('maps a chart opening to a BALP-style patient-record read (hand-checked)', () => {
    expect(toAuditEvent(auditEntrySchema.parse(base))).toEqual({
      resourceType: 'AuditEvent',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      type: {
        system: 'http://dicom.nema.org/resources/ontology/DCM',
        code: '110110',
        display: 'Patient Record',
      },
      subtype: [
        { system: 'http://hl7.org/fhir/restful-interaction', code: 'read', display: 'read' },
        {
          system: 'https://clinician-workstation.example/fhir/CodeSystem/audit-action',
          code: 'chart-opened',
          display: 'Chart opened',
        },
      ],
      action: 'R',
      recorded: '2026-03-01T10:15:30.250+01:00',
      outcome: '0',
      agent: [
        {
          type: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
                code: 'IRCP',
                display: 'information recipient',
              },
            ],
          },
          who: { reference: 'Practitioner/weber', display: 'Dr. Lena Weber' },
          requestor: true,
        },
        {
          type: {
            coding: [
              {
                system: 'http://dicom.nema.org/resources/ontology/DCM',
                code: '110153',
                display: 'Source Role ID',
              },
            ],
          },
          who: { type: 'Device', display: 'Clinician Workstation' },
          requestor: false,
        },
      ],
      source: {
        observer: { type: 'Device', display: 'Clinician Workstation' },
        type: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
            code: '1',
            display: 'User Device',
          },
        ],
      },
      entity: [
        {
          what: { reference: 'Patient/sandbox-hypertension' },
          type: {
            system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
            code: '1',
            display: 'Person',
          },
          role: {
            system: 'http://terminology.hl7.org/CodeSystem/object-role',
            code: '1',
            display: 'Patient',
          },
        },
      ],
    });
  });

  it('a consult start is a RESTful create of the Encounter, as agent, with the detail on it', () => {
    const event = toAuditEvent(
      {
        ...base,
        action: 'consult-started',
        entity: { reference: 'Encounter/e-1', type: 'Encounter' },
        detail: 'room-42',
      },
      { name: 'Clinician Workstation', version: '0.1.0' },
    );
    expect(event.type).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'Restful Operation',
    });
    expect(event.subtype?.map((c) => `${c.system}|${c.code}`)).toEqual([
      'http://hl7.org/fhir/restful-interaction|create',
      'https://clinician-workstation.example/fhir/CodeSystem/audit-action|consult-started',
    ]);
    expect(event.action).toBe('C');
    expect(event.agent[0]?.type?.coding).toEqual([
      {
        system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass',
        code: 'AGNT',
        display: 'agent',
      },
    ]);
    expect(event.agent[1]?.who).toEqual({ type: 'Device', display: 'Clinician Workstation 0.1.0' });
    expect(event.source.observer).toEqual({
      type: 'Device',
      display: 'Clinician Workstation 0.1.0',
    });
    expect(event.entity).toEqual([
      {
        what: { reference: 'Patient/sandbox-hypertension' },
        type: {
          system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
          code: '1',
          display: 'Person',
        },
        role: {
          system: 'http://terminology.hl7.org/CodeSystem/object-role',
          code: '1',
          display: 'Patient',
        },
      },
      {
        what: { reference: 'Encounter/e-1', type: 'Encounter' },
        type: {
          system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
          code: '2',
          display: 'System Object',
        },
        role: {
          system: 'http://terminology.hl7.org/CodeSystem/object-role',
          code: '4',
          display: 'Domain Resource',
        },
        detail: [{ type: 'detail', valueString: 'room-42' }],
      },
    ]);
  });

  it('sign-out without a fhirUser: DICOM Logout, the `sub` sent as an identifier, failure = 4', () => {
    const { patient: _omitted, ...noPatient } = base;
    const event = toAuditEvent({
      ...noPatient,
      action: 'signed-out',
      outcome: 'failure',
      user: { reference: 'dr.weber' },
    });
    expect(event.type).toEqual({
      system: 'http://dicom.nema.org/resources/ontology/DCM',
      code: '110114',
      display: 'User Authentication',
    });
    expect(event.subtype?.[0]).toEqual({
      system: 'http://dicom.nema.org/resources/ontology/DCM',
      code: '110123',
      display: 'Logout',
    });
    expect(event.action).toBe('E');
    expect(event.outcome).toBe('4');
    expect(event.agent[0]?.who).toEqual({ identifier: { value: 'dr.weber' } });
    expect(event).not.toHaveProperty('entity');
  });

  it('keeps a detail without patient or resource on an entity of its own', () => {
    const { patient: _omitted, ...noPatient } = base;
    const event = toAuditEvent({ ...noPatient, action: 'ips-imported', detail: 'DE' });
    expect(event.type.code).toBe('110107');
    expect(event.action).toBe('C');
    expect(event.entity).toEqual([
      {
        type: {
          system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
          code: '2',
          display: 'System Object',
        },
        detail: [{ type: 'detail', valueString: 'DE' }],
      },
    ]);
  });

  it('an absolute fhirUser URL stays a reference', () => {
    const event = toAuditEvent({
      ...base,
      user: { reference: 'https://fhir.example.org/r4/Practitioner/77' },
    });
    expect(event.agent[0]?.who).toEqual({
      reference: 'https://fhir.example.org/r4/Practitioner/77',
    });
  });

  it.each([
    ['chart-opened', '110110', 'R'],
    ['ips-imported', '110107', 'C'],
    ['consult-started', 'rest', 'C'],
    ['consult-ended', 'rest', 'U'],
    ['feedback-sent', 'rest', 'C'],
    ['threshold-changed', 'rest', 'U'],
    ['signed-in', '110114', 'E'],
    ['signed-out', '110114', 'E'],
    ['locked', '110100', 'E'],
    ['unlocked', '110114', 'E'],
  ] as const)('%s → type %s, action %s, and its own action code last', (action, type, code) => {
    expect(auditActionSchema.options).toContain(action);
    const event = toAuditEvent({ ...base, action });
    expect(event.type.code).toBe(type);
    expect(event.action).toBe(code);
    expect(event.subtype?.at(-1)?.code).toBe(action);
  });

  it('covers every action of the schema', () => {
    for (const action of auditActionSchema.options) {
      expect(toAuditEvent({ ...base, action }).subtype?.at(-1)?.code).toBe(action);
    }
  });
});
