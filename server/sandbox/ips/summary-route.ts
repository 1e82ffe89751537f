/**
 * `GET /fhir/Patient/{id}/$summary` and `GET /fhir/Patient/$summary?identifier=<system>|<value>`
 * (https://hl7.org/fhir/uv/ips/OperationDefinition-summary.html). Needs read access to
 * Patient; a token with only patient-level scopes may summarize its own patient only (403
 * otherwise, like `$everything`). Other resource types the scopes do not allow become
 * `withheld` sections. `profile` may name the IPS Bundle profile; `graph` is not supported.
 */
import type { SandboxContext } from '../context';
import { HttpError } from '../http/errors';
import { decideAccess } from '../auth/scopes';
import { authorizeType } from '../fhir/access';
import type { RequestAuth } from '../fhir/access';
import { searchResources } from '../fhir/search';
import type { DocumentBundle } from './document';
import { buildPatientSummary } from './summary';
import { IPS_BUNDLE_PROFILE, IPS_COMPOSITION_PROFILE } from './vocabulary';

const KNOWN_PARAMS = new Set(['identifier', 'profile', '_format']);

/**
 * The patient a type-level call names by identifier: exactly one match, else 404 or 409. A
 * patient-confined token searches only its own patient, so the answer (403) never reveals
 * whether someone else carries the identifier.
 */
function patientByIdentifier(
  ctx: SandboxContext,
  identifier: string,
  confinedTo: string | undefined,
): string {
  const { matches } = searchResources(
    ctx.store,
    'Patient',
    new URLSearchParams({ identifier }),
    confinedTo,
  );
  const [first, second] = matches;
  if (!first && confinedTo !== undefined)
    throw new HttpError(
      403,
      `This token is limited to Patient/${confinedTo}, which does not carry identifier ${identifier}`,
    );
  if (!first) throw new HttpError(404, `No Patient has identifier ${identifier}`);
  if (second)
    throw new HttpError(
      409,
      `${String(matches.length)} Patients have identifier ${identifier}; use Patient/{id}/$summary`,
      'multiple-matches',
    );
  return first.id;
}

export function summarize(
  ctx: SandboxContext,
  auth: RequestAuth,
  query: URLSearchParams,
  instanceId: string | undefined,
  now: Date = new Date(),
): DocumentBundle {
  const confinedTo = authorizeType(auth, 'Patient', 'r');
  for (const name of new Set(query.keys())) {
    if (!KNOWN_PARAMS.has(name))
      throw new HttpError(
        400,
        `$summary does not support the parameter "${name}"`,
        'not-supported',
      );
    if (query.getAll(name).length > 1) throw new HttpError(400, `$summary takes "${name}" once`);
  }
  const profile = query.get('profile');
  if (profile !== null && profile !== IPS_BUNDLE_PROFILE && profile !== IPS_COMPOSITION_PROFILE)
    throw new HttpError(
      400,
      `$summary here builds only the IPS profile (${IPS_BUNDLE_PROFILE}), not ${profile}`,
      'not-supported',
    );
  const identifier = query.get('identifier');
  let patientId: string;
  if (instanceId !== undefined) {
    if (identifier !== null)
      throw new HttpError(
        400,
        'identifier is for Patient/$summary; Patient/{id}/$summary names the patient already',
      );
    patientId = instanceId;
  } else {
    if (identifier === null || identifier.trim() === '')
      throw new HttpError(
        400,
        'Patient/$summary needs identifier=<system>|<value> (or use Patient/{id}/$summary)',
      );
    patientId = patientByIdentifier(ctx, identifier, confinedTo);
  }
  if (confinedTo !== undefined && confinedTo !== patientId)
    throw new HttpError(
      403,
      `This token is limited to Patient/${confinedTo}; it cannot summarize Patient/${patientId}`,
    );
  if (!ctx.store.get('Patient', patientId))
    throw new HttpError(404, `Patient/${patientId} not found`);
  return buildPatientSummary({
    store: ctx.store,
    fhirBaseUrl: ctx.fhirBaseUrl,
    patientId,
    canRead: (type) => decideAccess(auth.scopes, type, 'r').allowed,
    now,
  });
}
