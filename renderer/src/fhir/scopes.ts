/**
 * The scopes this app asks for (SMART App Launch 2 §Scopes and Launch Context), narrowed
 * to what a server advertises in `scopes_supported` when it lists them.
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */

export type LaunchKind = 'standalone' | 'ehr';

/**
 * Reads everywhere; writes only what the app writes (clinical notes; the Encounter of a video
 * consult, created at its start and updated at its end — all through the outbox), so a
 * leaked token cannot alter anything else.
 */
/** What the outbox writes: notes, consult encounters, and remote monitoring's acknowledgements
 * and snoozes (Task), feedback (Communication), invalidations (Observation + Provenance) and
 * thresholds (CarePlan). */
const WRITE_SCOPES =
  'user/DocumentReference.cu user/Encounter.cu user/Task.cu user/Communication.cu user/Observation.u user/Provenance.c user/CarePlan.u user/AuditEvent.c';
export const STANDALONE_SCOPE = `openid fhirUser launch/patient patient/*.rs user/*.rs ${WRITE_SCOPES} offline_access`;
export const EHR_SCOPE = `launch openid fhirUser patient/*.rs user/*.rs ${WRITE_SCOPES} offline_access`;

/** SMART v1 spellings a server may list instead of the v2 `.rs`. */
const V1_EQUIVALENT: Record<string, string> = {
  'patient/*.rs': 'patient/*.read',
  'user/*.rs': 'user/*.read',
  'user/DocumentReference.cu': 'user/DocumentReference.write',
  'user/Encounter.cu': 'user/Encounter.write',
};

/**
 * The scope string for an authorization request. A configured `override` wins. When the
 * server lists `scopes_supported`, unsupported scopes are dropped (a v1 `.read` equivalent
 * is used when only that is listed); `launch` is kept for EHR launches because the launch
 * cannot work without it.
 */
export function buildScope(
  kind: LaunchKind,
  scopesSupported?: readonly string[],
  override?: string,
): string {
  const wanted = (override ?? (kind === 'ehr' ? EHR_SCOPE : STANDALONE_SCOPE)).split(/\s+/);
  if (override !== undefined || !scopesSupported || scopesSupported.length === 0) {
    return wanted.filter(Boolean).join(' ');
  }
  const supported = new Set(scopesSupported);
  const chosen: string[] = [];
  for (const scope of wanted) {
    if (!scope) continue;
    if (
      supported.has(scope) ||
      (kind === 'ehr' && scope === 'launch') ||
      covered(scope, supported)
    ) {
      chosen.push(scope);
    } else {
      const v1 = V1_EQUIVALENT[scope];
      if (v1 && supported.has(v1)) chosen.push(v1);
    }
  }
  return chosen.join(' ');
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Za-z]+)\.([cruds]+)$/;

/**
 * True when a listed wildcard scope grants at least what a narrow v2 scope asks for, e.g.
 * `user/*.cruds` covers `user/DocumentReference.cu`: the narrow scope is then worth asking
 * for even though the server does not list it by name.
 */
function covered(scope: string, supported: ReadonlySet<string>): boolean {
  const wanted = RESOURCE_SCOPE.exec(scope);
  if (!wanted) return false;
  const [, level, type, perms = ''] = wanted;
  for (const listed of supported) {
    const m = RESOURCE_SCOPE.exec(listed);
    if (!m || m[1] !== level || (m[2] !== '*' && m[2] !== type)) continue;
    if (Array.from(perms).every((p) => (m[3] ?? '').includes(p))) return true;
  }
  return false;
}
