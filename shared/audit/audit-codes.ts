/**
 * Which AuditEvent codes each audit action gets, following IHE Basic Audit Log Patterns
 * (BALP): RESTful writes are `type` rest + `subtype` the FHIR interaction; reading the chart is
 * DICOM "Patient Record" + read; sign-in/out are DICOM "User Authentication" + Login/Logout.
 * Every event also carries the app's own action code as an extra subtype, so the server copy
 * names the action exactly (and actions without a standard code — lock — still have one).
 * Pure.
 * @see https://profiles.ihe.net/ITI/BALP/content.html
 * @see https://hl7.org/fhir/R4/valueset-audit-event-type.html
 * @see https://hl7.org/fhir/R4/valueset-audit-event-sub-type.html
 * @see https://dicom.nema.org/medical/dicom/current/output/chtml/part16/chapter_D.html (DCM codes)
 */
import type { AuditEvent, Coding } from 'fhir/r4';
import type { AuditAction } from './audit-entry';

export const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
export const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
export const AUDIT_ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
export const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
export const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const ROLE_CLASS = 'http://terminology.hl7.org/CodeSystem/v3-RoleClass';
export const SECURITY_SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
/** The workstation's own action codes (the `AuditAction` values); an app-defined system. */
export const AUDIT_ACTION_SYSTEM =
  'https://clinician-workstation.example/fhir/CodeSystem/audit-action';

const REST: Coding = { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'Restful Operation' };
const PATIENT_RECORD: Coding = { system: DCM, code: '110110', display: 'Patient Record' };
const IMPORT: Coding = { system: DCM, code: '110107', display: 'Import' };
const USER_AUTHENTICATION: Coding = { system: DCM, code: '110114', display: 'User Authentication' };
const APPLICATION_ACTIVITY: Coding = {
  system: DCM,
  code: '110100',
  display: 'Application Activity',
};

const rest = (code: 'read' | 'create' | 'update'): Coding => ({
  system: RESTFUL_INTERACTION,
  code,
  display: code,
});

/**
 * BALP's user agent types: "information recipient" for query/retrieve, "agent" for
 * push/create/update (and here for the session events, which are neither).
 * @see https://profiles.ihe.net/ITI/BALP/ValueSet-UserAgentTypesVS.html
 */
const RECIPIENT: Coding = {
  system: PARTICIPATION_TYPE,
  code: 'IRCP',
  display: 'information recipient',
};
const AGENT: Coding = { system: ROLE_CLASS, code: 'AGNT', display: 'agent' };

export interface AuditActionCodes {
  type: Coding;
  /** Standard subtypes; the app's own action coding is appended by the mapping. */
  subtype: Coding[];
  action: NonNullable<AuditEvent['action']>;
  userAgentType: Coding;
  /** English display of the app's action coding (the server copy is not localised). */
  display: string;
}

/** The codes per action. A closed map: a new action does not compile until it is mapped. */
export const AUDIT_ACTION_CODES: Readonly<Record<AuditAction, AuditActionCodes>> = {
  'chart-opened': {
    type: PATIENT_RECORD,
    subtype: [rest('read')],
    action: 'R',
    userAgentType: RECIPIENT,
    display: 'Chart opened',
  },
  'ips-imported': {
    type: IMPORT,
    subtype: [],
    action: 'C',
    userAgentType: AGENT,
    display: 'Patient summary imported',
  },
  'consult-started': {
    type: REST,
    subtype: [rest('create')],
    action: 'C',
    userAgentType: AGENT,
    display: 'Consultation started',
  },
  'consult-ended': {
    type: REST,
    subtype: [rest('update')],
    action: 'U',
    userAgentType: AGENT,
    display: 'Consultation ended',
  },
  'feedback-sent': {
    type: REST,
    subtype: [rest('create')],
    action: 'C',
    userAgentType: AGENT,
    display: 'Feedback sent',
  },
  'threshold-changed': {
    type: REST,
    subtype: [rest('update')],
    action: 'U',
    userAgentType: AGENT,
    display: 'Threshold changed',
  },
  'signed-in': {
    type: USER_AUTHENTICATION,
    subtype: [{ system: DCM, code: '110122', display: 'Login' }],
    action: 'E',
    userAgentType: AGENT,
    display: 'Signed in',
  },
  'signed-out': {
    type: USER_AUTHENTICATION,
    subtype: [{ system: DCM, code: '110123', display: 'Logout' }],
    action: 'E',
    userAgentType: AGENT,
    display: 'Signed out',
  },
  // No DICOM code for a screen lock: the app's own subtype says which it was.
  locked: {
    type: APPLICATION_ACTIVITY,
    subtype: [],
    action: 'E',
    userAgentType: AGENT,
    display: 'Screen locked',
  },
  // Unlocking re-authenticates the user (SMART re-auth or a local PIN), but opens no new
  // session, so it is "User Authentication" without the Login subtype.
  unlocked: {
    type: USER_AUTHENTICATION,
    subtype: [],
    action: 'E',
    userAgentType: AGENT,
    display: 'Screen unlocked',
  },
};
