/**
 * Generates the whole synthetic dataset from a seed: practitioners, the clinic organization,
 * a shared Medication, and ~20 patients. Ids never depend on the seed; values do. Each
 * patient draws from its own stream (seed xor hash(id)), so adding a patient never changes
 * another patient's data.
 */
import { DEMO_ACCOUNTS } from '../auth/accounts';
import { ORGANIZATION_ID, RADIOLOGIST_ID, RecordBuilder } from './builder';
import type { GeneratedResource } from './builder';
import { ATC, MRN_SYSTEM, RXNORM } from './codes';
import { CHRONIC_PATIENTS } from './patients-chronic';
import { monitoringResources } from './monitoring-generate';
import { CGM_PATIENT } from './monitoring-patient-t1d';
import { EDGE_PATIENTS } from './patients-edge';
import { RECORD_PATIENTS } from './patients-records';
import { VISITOR_PATIENTS } from './patients-visitors';
import type { PatientDef } from './patient-def';
import { ANCHOR_MS, Rng, dateDaysAgo, hashString } from './prng';
import { daysFromFixed, monitoringAnchorFromEnv, shiftResources } from './anchor';

/** The default seed: `startSandbox()` without a seed always produces this dataset. */
export const DEFAULT_SEED = 20261101;

export const PATIENT_DEFS: readonly PatientDef[] = [
  ...CHRONIC_PATIENTS,
  ...EDGE_PATIENTS,
  ...RECORD_PATIENTS,
  ...VISITOR_PATIENTS,
  // Last, so adding her left every other patient's MRN as it was.
  CGM_PATIENT,
];

const STATIC_UPDATED = new Date(Date.UTC(2026, 0, 5, 8, 0, 0)).toISOString();

function staticResources(): GeneratedResource[] {
  const practitioners = [
    ...DEMO_ACCOUNTS.map((a) => {
      const [title = '', given = '', family = ''] = a.displayName.split(' ');
      return { id: a.practitionerId, prefix: title, given, family, role: a.role };
    }),
    { id: RADIOLOGIST_ID, prefix: 'Dr.', given: 'Tomas', family: 'Novak', role: 'Radiologist' },
  ];
  const out: GeneratedResource[] = practitioners.map((p, i) => ({
    lastUpdated: STATIC_UPDATED,
    resource: {
      resourceType: 'Practitioner',
      id: p.id,
      identifier: [{ system: 'https://sandbox.example/practitioner', value: `P-${1001 + i}` }],
      active: true,
      name: [
        {
          use: 'official',
          prefix: [p.prefix],
          given: [p.given],
          family: p.family,
          text: `${p.prefix} ${p.given} ${p.family}`,
        },
      ],
      qualification: [{ code: { text: p.role } }],
    },
  }));
  out.push({
    lastUpdated: STATIC_UPDATED,
    resource: {
      resourceType: 'Organization',
      id: ORGANIZATION_ID,
      identifier: [{ system: 'https://sandbox.example/organization', value: 'RMC' }],
      active: true,
      name: 'Riverside Medical Centre',
      telecom: [{ system: 'phone', value: '+44 20 7946 0000' }],
      address: [
        { line: ['1 River Walk'], city: 'Riverside', postalCode: 'RS1 1AA', country: 'GB' },
      ],
    },
  });
  out.push({
    lastUpdated: STATIC_UPDATED,
    resource: {
      resourceType: 'Medication',
      id: 'med-insulin-glargine',
      code: {
        coding: [
          {
            system: RXNORM,
            code: '261551',
            display: 'insulin glargine 100 UNT/ML Injectable Solution',
          },
          { system: ATC, code: 'A10AE04', display: 'insulin glargine' },
        ],
        text: 'Insulin glargine 100 units/mL pen',
      },
      form: { text: 'Solution for injection in pre-filled pen' },
    },
  });
  return out;
}

function patientResource(def: PatientDef, index: number, rng: Rng): GeneratedResource {
  const mrn = `MRN-${String(100001 + index)}`;
  const extraIds = Array.isArray(def.extra?.identifier) ? (def.extra.identifier as unknown[]) : [];
  const { identifier: _i, ...extra } = def.extra ?? {};
  const full = `${def.given.join(' ')} ${def.family}`;
  return {
    lastUpdated: new Date(ANCHOR_MS - (index + 1) * 86_400_000).toISOString(),
    resource: {
      resourceType: 'Patient',
      id: def.id,
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${full}, ${def.gender}, born ${def.birthDate}. MRN ${mrn}.</p></div>`,
      },
      identifier: [
        {
          use: 'usual',
          type: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
                code: 'MR',
                display: 'Medical record number',
              },
            ],
            text: 'MRN',
          },
          system: MRN_SYSTEM,
          value: mrn,
        },
        ...extraIds,
      ],
      active: true,
      name: [{ use: 'official', family: def.family, given: def.given }],
      telecom: [
        {
          system: 'phone',
          value: `+44 7700 ${String(900000 + rng.int(0, 99999)).slice(0, 6)}`,
          use: 'mobile',
        },
      ],
      gender: def.gender,
      birthDate: def.birthDate,
      address: [
        {
          use: 'home',
          line: [`${rng.int(1, 120)} Mill Lane`],
          city: 'Riverside',
          postalCode: `RS${rng.int(1, 9)} ${rng.int(1, 9)}AB`,
          country: 'GB',
        },
      ],
      generalPractitioner: [{ reference: `Practitioner/${def.practitionerId}` }],
      managingOrganization: { reference: `Organization/${ORGANIZATION_ID}` },
      ...extra,
    },
  };
}

export interface DatasetOptions {
  /**
   * Where the monitoring readings end (epoch ms, 09:00 UTC of a day; see anchor.ts). Default:
   * from `SANDBOX_ANCHOR` — today for a running sandbox, the fixed clock under vitest.
   */
  monitoringAnchorMs?: number;
}

/** The whole dataset, in a stable order. Same seed and monitoring anchor ⇒ identical output. */
export function generateDataset(
  seed = DEFAULT_SEED,
  options: DatasetOptions = {},
): GeneratedResource[] {
  const shift = daysFromFixed(options.monitoringAnchorMs ?? monitoringAnchorFromEnv());
  const out = staticResources();
  PATIENT_DEFS.forEach((def, index) => {
    const rng = new Rng((seed ^ hashString(def.id)) >>> 0);
    out.push(patientResource(def, index, rng));
    const b = new RecordBuilder(def.id, rng, def.practitionerId);
    def.build(b);
    if (def.id === 'sandbox-diabetes') {
      b.add(
        {
          resourceType: 'MedicationRequest',
          id: b.newId('medreq'),
          status: 'active',
          intent: 'order',
          medicationReference: {
            reference: 'Medication/med-insulin-glargine',
            display: 'Insulin glargine 100 units/mL pen',
          },
          subject: b.subject,
          authoredOn: dateDaysAgo(120),
          requester: { reference: `Practitioner/${def.practitionerId}` },
          dosageInstruction: [{ text: '10 units subcutaneously at bedtime' }],
        },
        dateDaysAgo(120),
      );
    }
    out.push(...b.out);
    // Remote monitoring (devices, enrollment CarePlan, home readings) for enrolled patients,
    // generated on the fixed clock, then moved by whole days to the monitoring anchor.
    for (const g of shiftResources(monitoringResources(def.id, seed, b.out), shift)) out.push(g);
  });
  return out;
}
