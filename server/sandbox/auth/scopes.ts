/**
 * SMART scopes, v1 (`patient/*.read`) and v2 (`patient/*.rs`) syntax:
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 * Parsing validates what a client asks for at /authorize; `allows` decides each FHIR request.
 */

export type Permission = 'c' | 'r' | 'u' | 'd' | 's';
export type ScopeLevel = 'patient' | 'user' | 'system';

export interface ResourceScope {
  level: ScopeLevel;
  /** Resource type or `*`. */
  type: string;
  permissions: ReadonlySet<Permission>;
}

/** Scopes that are not about resources. */
const CONTEXT_SCOPES = new Set([
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
]);

const RESOURCE_SCOPE =
  /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)(\?[^\s]*)?$/;

/** Parses one resource scope; undefined when it is not one (or malformed). */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const m = RESOURCE_SCOPE.exec(scope);
  if (!m?.[1] || !m[2] || m[3] === undefined || m[3] === '') return undefined;
  const action = m[3];
  let permissions: Permission[];
  if (action === 'read') permissions = ['r', 's'];
  else if (action === 'write') permissions = ['c', 'u', 'd'];
  else if (action === '*') permissions = ['c', 'r', 'u', 'd', 's'];
  else permissions = action.split('') as Permission[]; // ASCII letters only (regex above)
  return { level: m[1] as ScopeLevel, type: m[2], permissions: new Set(permissions) };
}

/**
 * Splits a scope string from an authorization request; returns the first scope this server does
 * not recognise, if any. `system/` scopes count as unrecognised here: they carry no user and
 * are granted only to registered backend services through `client_credentials`
 * (backend-services.ts), never to an app a clinician signs in to.
 */
export function validateScopes(scope: string): { scopes: string[]; invalid?: string } {
  const scopes = scope.split(/\s+/).filter((s) => s !== '');
  const invalid = scopes.find((s) => {
    if (CONTEXT_SCOPES.has(s)) return false;
    const level = parseResourceScope(s)?.level;
    return level !== 'patient' && level !== 'user';
  });
  return { scopes, invalid };
}

/**
 * Whether `requested` asks for nothing beyond `granted`: every permission it names, on its
 * type (or on every type for `*`), is given by a granted scope of the same level whose type is
 * the same or `*`. A backend client may request a subset of what it was registered for.
 */
export function isCoveredBy(requested: ResourceScope, granted: readonly ResourceScope[]): boolean {
  return [...requested.permissions].every((p) =>
    granted.some(
      (g) =>
        g.level === requested.level &&
        (g.type === '*' || g.type === requested.type) &&
        g.permissions.has(p),
    ),
  );
}

export interface AccessDecision {
  allowed: boolean;
  /** When allowed only through patient-level scopes: the compartment the request is limited to. */
  patientOnly: boolean;
}

/**
 * Decides whether the granted scopes permit `permission` on `type`. User- and system-level
 * scopes allow any instance; patient-level scopes allow only the context patient's compartment,
 * which the caller enforces when `patientOnly` is set.
 */
export function decideAccess(
  granted: readonly string[],
  type: string,
  permission: Permission,
): AccessDecision {
  let patientOnly = false;
  for (const s of granted) {
    const parsed = parseResourceScope(s);
    if (
      !parsed ||
      (parsed.type !== '*' && parsed.type !== type) ||
      !parsed.permissions.has(permission)
    )
      continue;
    if (parsed.level !== 'patient') return { allowed: true, patientOnly: false };
    patientOnly = true;
  }
  return { allowed: patientOnly, patientOnly };
}
