/**
 * The authorization endpoint (https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-authorization-code):
 * validates the request, shows the clinician sign-in, then (standalone launch with
 * `launch/patient`) a patient picker, and redirects back with a single-use code.
 * Client and redirect URI problems are shown as a page and never redirected (RFC 6749 §4.1.2.1).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readForm, redirect, sendHtml } from '../http/io';
import type { SandboxContext } from '../context';
import { findAccount, DEMO_ACCOUNTS } from './accounts';
import { isAllowedRedirectUri, isKnownClient } from './clients';
import type { AuthorizeRequest, PendingAuthorization } from './grants';
import { errorPage, patientPickerPage, signInPage } from './pages';
import type { PatientChoice } from './pages';
import { validateScopes } from './scopes';
import { listPatientChoices } from '../fhir/patient-choices';

function redirectWithError(
  res: ServerResponse,
  redirectUri: string,
  state: string | null,
  error: string,
  description: string,
): void {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state !== null) url.searchParams.set('state', state);
  redirect(res, url.toString());
}

/** Checks an authorization request; answers errors itself and returns the request when valid. */
function validate(
  ctx: SandboxContext,
  params: URLSearchParams,
  res: ServerResponse,
): AuthorizeRequest | undefined {
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!isKnownClient(clientId)) {
    sendHtml(
      res,
      400,
      errorPage(
        'Unknown application',
        `No application is registered with client_id "${clientId}".`,
      ),
    );
    return undefined;
  }
  if (!isAllowedRedirectUri(redirectUri)) {
    sendHtml(
      res,
      400,
      errorPage(
        'Invalid redirect URI',
        `The redirect URI "${redirectUri}" is not registered for this application. Only http://127.0.0.1 and http://localhost addresses are allowed.`,
      ),
    );
    return undefined;
  }
  const state = params.get('state');
  const fail = (error: string, description: string): undefined => {
    redirectWithError(res, redirectUri, state, error, description);
    return undefined;
  };
  if (params.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'response_type must be "code"');
  if (state === null || state === '') return fail('invalid_request', 'state is required');
  const challenge = params.get('code_challenge') ?? '';
  if (params.get('code_challenge_method') !== 'S256')
    return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required');
  if (!/^[A-Za-z0-9_-]{43,128}$/.test(challenge))
    return fail('invalid_request', 'code_challenge must be a base64url S256 hash');
  // A trailing slash is the same server; anything else is another audience.
  if ((params.get('aud') ?? '').replace(/\/$/, '') !== ctx.fhirBaseUrl)
    return fail('invalid_request', `aud must be the FHIR base URL ${ctx.fhirBaseUrl}`);
  const { scopes, invalid } = validateScopes(params.get('scope') ?? '');
  if (scopes.length === 0) return fail('invalid_scope', 'scope is required');
  if (invalid !== undefined) return fail('invalid_scope', `Unsupported scope "${invalid}"`);
  const request: AuthorizeRequest = {
    clientId,
    redirectUri,
    scope: scopes,
    state,
    codeChallenge: challenge,
  };
  const launch = params.get('launch');
  if (launch !== null && scopes.includes('launch')) {
    const patientId = ctx.grants.getLaunchPatient(launch);
    if (patientId === undefined)
      return fail('invalid_request', 'Unknown or expired launch context');
    request.launchPatient = patientId;
  }
  return request;
}

export async function handleAuthorize(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const params = req.method === 'POST' ? await readForm(req) : url.searchParams;
  const request = validate(ctx, params, res);
  if (!request) return;
  const pendingId = ctx.grants.addPending(request);
  sendHtml(res, 200, signInPage({ pendingId, clientId: request.clientId }));
}

function pendingOrError(
  ctx: SandboxContext,
  form: URLSearchParams,
  res: ServerResponse,
): [string, PendingAuthorization] | undefined {
  const id = form.get('pending') ?? '';
  const pending = ctx.grants.getPending(id);
  if (!pending) {
    sendHtml(
      res,
      400,
      errorPage(
        'Sign-in expired',
        'This sign-in request is unknown or expired. Start again from the application.',
      ),
    );
    return undefined;
  }
  return [id, pending];
}

function needsPicker(pending: PendingAuthorization): boolean {
  return pending.scope.includes('launch/patient') && pending.launchPatient === undefined;
}

function finish(
  ctx: SandboxContext,
  res: ServerResponse,
  id: string,
  pending: PendingAuthorization,
  patient: string | undefined,
): void {
  const { username } = pending;
  if (username === undefined) {
    sendHtml(res, 400, errorPage('Not signed in', 'Sign in before choosing a patient.'));
    return;
  }
  ctx.grants.finishPending(id);
  const code = ctx.grants.issueCode({
    clientId: pending.clientId,
    username,
    scope: pending.scope,
    patient,
    redirectUri: pending.redirectUri,
    codeChallenge: pending.codeChallenge,
  });
  ctx.log(
    `authorize: ${username} granted "${pending.scope.join(' ')}"${patient ? ` for Patient/${patient}` : ''}`,
  );
  const url = new URL(pending.redirectUri);
  url.searchParams.set('code', code);
  url.searchParams.set('state', pending.state);
  redirect(res, url.toString());
}

export async function handleSignIn(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const found = pendingOrError(ctx, form, res);
  if (!found) return;
  const [id, pending] = found;
  const username = form.get('username') ?? '';
  const account = findAccount(username, form.get('password') ?? '');
  if (!account) {
    sendHtml(
      res,
      401,
      signInPage({
        pendingId: id,
        clientId: pending.clientId,
        username,
        error: 'Wrong username or password. Check the demo accounts below.',
      }),
    );
    return;
  }
  pending.username = account.username;
  if (needsPicker(pending)) {
    sendHtml(
      res,
      200,
      patientPickerPage({
        pendingId: id,
        clinician: account.displayName,
        patients: listPatientChoices(ctx.store),
      }),
    );
    return;
  }
  finish(ctx, res, id, pending, pending.launchPatient);
}

export async function handlePatientChoice(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const found = pendingOrError(ctx, form, res);
  if (!found) return;
  const [id, pending] = found;
  const patientId = form.get('patient') ?? '';
  const patients: PatientChoice[] = listPatientChoices(ctx.store);
  if (!patients.some((p) => p.id === patientId)) {
    const clinician = DEMO_ACCOUNTS.find((a) => a.username === pending.username)?.displayName ?? '';
    sendHtml(res, 400, patientPickerPage({ pendingId: id, clinician, patients }));
    return;
  }
  finish(ctx, res, id, pending, patientId);
}
