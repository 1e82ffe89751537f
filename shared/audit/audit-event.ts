/**
 * An {@link AuditEntry} as the FHIR R4 AuditEvent the outbox sends to the server, in the
 * shape of IHE Basic Audit Log Patterns (BALP): type/subtype/action per action
 * (audit-codes.ts), `recorded`, `outcome`, two agents — the signed-in user (the requestor)
 * and this application (the client, DICOM "Source Role ID") — the workstation as the source
 * observer, and as entities the patient (role "Patient") and the resource the action touched
 * (role "Domain Resource"). Pure; the entry's id becomes the AuditEvent id, so a repeated send
 * (`PUT AuditEvent/<id>` + `If-None-Match: *`) cannot create a second one.
 *
 * It is BALP-*style*, not a claim of conformance to a BALP profile (no `meta.profile`): a
 * workstation does not know the network addresses BALP's REST profiles ask for.
 * @see https://hl7.org/fhir/R4/auditevent.html
 * @see https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.BasicAudit.PatientRead.html
 */
import type { AuditEvent, AuditEventAgent, AuditEventEntity, Reference } from 'fhir/r4';
import { parseReference } from '../fhir/references';
import type { AuditEntry } from './audit-entry';
import {
  AUDIT_ACTION_CODES,
  AUDIT_ACTION_SYSTEM,
  AUDIT_ENTITY_TYPE,
  DCM,
  OBJECT_ROLE,
  SECURITY_SOURCE_TYPE,
} from './audit-codes';

/** How the application names itself in the agent and source (e.g. with its version). */
export interface AuditApplication {
  name: string;
  version?: string;
}

export const DEFAULT_AUDIT_APPLICATION: AuditApplication = { name: 'Clinician Workstation' };

/** AuditEvent.outcome: 0 success, 4 minor failure (the request did not succeed). */
const OUTCOME: Record<AuditEntry['outcome'], NonNullable<AuditEvent['outcome']>> = {
  success: '0',
  failure: '4',
};

/**
 * The user as a Reference: `fhirUser` is a FHIR reference (relative or absolute URL); when the
 * server gave none the entry holds the token's `sub`, which is an identifier, not a reference,
 * and is sent as one rather than dressed up as a reference the server cannot resolve.
 */
function userReference(user: AuditEntry['user']): Reference {
  const display = user.display === undefined ? {} : { display: user.display };
  return parseReference(user.reference)
    ? { reference: user.reference, ...display }
    : { identifier: { value: user.reference }, ...display };
}

function applicationReference(app: AuditApplication): Reference {
  return {
    type: 'Device',
    display: app.version === undefined ? app.name : `${app.name} ${app.version}`,
  };
}

/**
 * The patient entity, the touched resource's entity, and `detail` on the most specific one
 * (its own entity when there is neither, so it is never dropped).
 */
const SYSTEM_OBJECT = { system: AUDIT_ENTITY_TYPE, code: '2', display: 'System Object' };

function entities(entry: AuditEntry): AuditEventEntity[] {
  const list: AuditEventEntity[] = [];
  if (entry.patient) {
    list.push({
      what: { reference: entry.patient.reference },
      type: { system: AUDIT_ENTITY_TYPE, code: '1', display: 'Person' },
      role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
    });
  }
  if (entry.entity) {
    list.push({
      what: {
        reference: entry.entity.reference,
        ...(entry.entity.type === undefined ? {} : { type: entry.entity.type }),
      },
      type: { ...SYSTEM_OBJECT },
      role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
    });
  }
  if (entry.detail !== undefined) {
    const detail = [{ type: 'detail', valueString: entry.detail }];
    const last = list.at(-1);
    if (last) last.detail = detail;
    else list.push({ type: { ...SYSTEM_OBJECT }, detail });
  }
  return list;
}

/** The AuditEvent for an entry (see the module comment for the shape). */
export function toAuditEvent(
  entry: AuditEntry,
  application: AuditApplication = DEFAULT_AUDIT_APPLICATION,
): AuditEvent {
  const codes = AUDIT_ACTION_CODES[entry.action];
  const app = applicationReference(application);
  const user: AuditEventAgent = {
    type: { coding: [codes.userAgentType] },
    who: userReference(entry.user),
    requestor: true,
  };
  const client: AuditEventAgent = {
    type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
    who: app,
    requestor: false,
  };
  const entity = entities(entry);
  return {
    resourceType: 'AuditEvent',
    id: entry.id,
    type: codes.type,
    subtype: [
      ...codes.subtype,
      { system: AUDIT_ACTION_SYSTEM, code: entry.action, display: codes.display },
    ],
    action: codes.action,
    recorded: entry.recorded,
    outcome: OUTCOME[entry.outcome],
    agent: [user, client],
    source: {
      observer: app,
      type: [{ system: SECURITY_SOURCE_TYPE, code: '1', display: 'User Device' }],
    },
    ...(entity.length > 0 ? { entity } : {}),
  };
}
