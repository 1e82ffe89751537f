/**
 * Discovery documents: SMART configuration
 * (https://hl7.org/fhir/smart-app-launch/conformance.html), OpenID configuration, JWKS and the
 * FHIR CapabilityStatement (https://hl7.org/fhir/R4/capabilitystatement.html).
 */
import type { SandboxContext } from '../context';
import { paramsFor } from './search-params';
import { IPS_SUMMARY_OPERATION } from '../ips/vocabulary';

export const SUPPORTED_SCOPES = [
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'offline_access',
  'online_access',
  'patient/*.rs',
  'patient/*.cruds',
  'user/*.rs',
  'user/*.cruds',
  'user/DocumentReference.cu',
  'user/Encounter.cu',
  'patient/*.read',
  'patient/*.write',
  'user/*.read',
  'user/*.write',
];

export function smartConfiguration(ctx: SandboxContext): Record<string, unknown> {
  return {
    issuer: ctx.fhirBaseUrl,
    jwks_uri: `${ctx.origin}/auth/jwks`,
    authorization_endpoint: `${ctx.origin}/auth/authorize`,
    token_endpoint: `${ctx.origin}/auth/token`,
    // private_key_jwt + client_credentials: SMART Backend Services (auth/backend-services.ts).
    token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types_supported: ['code'],
    scopes_supported: [...SUPPORTED_SCOPES, 'system/*.rs', 'system/*.cruds'],
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'launch-ehr',
      'launch-standalone',
      'authorize-post',
      'client-public',
      'client-confidential-asymmetric',
      'context-ehr-patient',
      'context-standalone-patient',
      'permission-offline',
      'permission-online',
      'permission-patient',
      'permission-user',
      'permission-v1',
      'permission-v2',
      'sso-openid-connect',
      'context-banner',
    ],
  };
}

export function openIdConfiguration(ctx: SandboxContext): Record<string, unknown> {
  return {
    issuer: ctx.fhirBaseUrl,
    authorization_endpoint: `${ctx.origin}/auth/authorize`,
    token_endpoint: `${ctx.origin}/auth/token`,
    jwks_uri: `${ctx.origin}/auth/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    scopes_supported: ['openid', 'fhirUser', 'profile'],
    claims_supported: ['sub', 'fhirUser', 'name'],
  };
}

/** Types the CapabilityStatement lists: those we hold plus the ones the app writes. */
const LISTED_TYPES = [
  'AllergyIntolerance',
  'CarePlan',
  'Communication',
  'Condition',
  'Device',
  'DiagnosticReport',
  'DocumentReference',
  'Encounter',
  'Flag',
  'ImagingStudy',
  'Immunization',
  'Media',
  'Medication',
  'MedicationRequest',
  'MedicationStatement',
  'Observation',
  'Organization',
  'Patient',
  'Practitioner',
  'Procedure',
  'Provenance',
];

export function capabilityStatement(ctx: SandboxContext): Record<string, unknown> {
  const types = [...new Set([...LISTED_TYPES, ...ctx.store.types()])].sort();
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-01',
    kind: 'instance',
    software: { name: 'Clinician workstation SMART sandbox', version: '0.1.0' },
    implementation: { description: 'Embedded SMART App Launch 2 sandbox', url: ctx.fhirBaseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: `${ctx.origin}/auth/authorize` },
                { url: 'token', valueUri: `${ctx.origin}/auth/token` },
              ],
            },
          ],
        },
        resource: types.map((type) => ({
          type,
          interaction: ['read', 'search-type', 'create', 'update'].map((code) => ({ code })),
          versioning: 'versioned',
          updateCreate: true,
          conditionalCreate: true,
          searchParam: Object.entries(paramsFor(type)).map(([name, def]) => ({
            name,
            type: def.kind,
          })),
          ...(type === 'Patient'
            ? {
                operation: [
                  {
                    name: 'everything',
                    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
                  },
                  { name: 'summary', definition: IPS_SUMMARY_OPERATION },
                ],
              }
            : {}),
        })),
        operation: [
          {
            name: 'everything',
            definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
          },
          { name: 'summary', definition: IPS_SUMMARY_OPERATION },
        ],
      },
    ],
  };
}
