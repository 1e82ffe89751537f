/**
 * The scopes this app asks for (SMART App Launch 2 §Scopes and Launch Context), narrowed
 * to what a server advertises in `scopes_supported` when it lists them.
 * @see https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */

export type LaunchKind = 'standalone' | 'ehr';

export const STANDALONE_SCOPE =
  'openid fhirUser launch/patient patient/*.rs user/*.rs offline_access';
export const EHR_SCOPE = 'launch openid fhirUser patient/*.rs user/*.rs offline_access';

/** SMART v1 spellings a server may list instead of the v2 `.rs`. */
const V1_EQUIVALENT: Record<string, string> = {
  'patient/*.rs': 'patient/*.read',
  'user/*.rs': 'user/*.read',
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
    if (supported.has(scope) || (kind === 'ehr' && scope === 'launch')) {
      chosen.push(scope);
    } else {
      const v1 = V1_EQUIVALENT[scope];
      if (v1 && supported.has(v1)) chosen.push(v1);
    }
  }
  return chosen.join(' ');
}
