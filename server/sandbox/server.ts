/**
 * The HTTP front door: CORS, routing to the SMART pages/endpoints and the FHIR API, and
 * turning thrown errors into OperationOutcomes (FHIR) or OAuth/HTML errors (auth).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context';
import { HttpError, operationOutcome } from './http/errors';
import { applyCors, sendHtml, sendJson } from './http/io';
import { handleAuthorize, handlePatientChoice, handleSignIn } from './auth/authorize';
import { handleEhrLaunch, handleEhrPage } from './auth/ehr-launch';
import { errorPage } from './auth/pages';
import { handleToken } from './auth/token-endpoint';
import { FHIR_JSON, handleFhir } from './fhir/routes';
import { handleNcp } from './ips/ncp';
import { READINGS_PATH, handleMonitoringReadings } from './monitoring/control-route';

async function route(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (path === '/fhir' || path.startsWith('/fhir/')) {
    await handleFhir(ctx, req, res, url, path.slice('/fhir'.length));
    return;
  }
  if (path === '/ncp' || path.startsWith('/ncp/')) {
    await handleNcp(ctx, req, res, url);
    return;
  }
  const only = (...methods: string[]): void => {
    if (!methods.includes(method)) {
      throw new HttpError(405, `${method} is not supported on ${path}`, 'not-supported', {
        Allow: methods.join(', '),
      });
    }
  };
  switch (path) {
    case '/auth/authorize':
      only('GET', 'POST');
      return handleAuthorize(ctx, req, res, url);
    case '/auth/authorize/sign-in':
      only('POST');
      return handleSignIn(ctx, req, res);
    case '/auth/authorize/patient':
      only('POST');
      return handlePatientChoice(ctx, req, res);
    case '/auth/token':
      only('POST');
      return handleToken(ctx, req, res);
    case '/auth/jwks':
      only('GET');
      return sendJson(res, 200, { keys: [ctx.signer.jwk] });
    case READINGS_PATH:
      // Checks its method, secret and body itself and answers with OperationOutcomes.
      return handleMonitoringReadings(ctx, req, res);
    case '/ehr':
      only('GET');
      return handleEhrPage(ctx, res, url);
    case '/ehr/launch':
      only('GET');
      return handleEhrLaunch(ctx, res, url);
    case '/':
      only('GET');
      res.writeHead(302, { Location: '/ehr' });
      res.end();
      return;
    default:
      throw new HttpError(404, `Nothing at ${path}`);
  }
}

/** Handles one request; never rejects. */
export async function handleRequest(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin);
  try {
    if (applyCors(req, res, ctx.corsOrigins)) return;
    await route(ctx, req, res, url);
  } catch (error) {
    const http =
      error instanceof HttpError
        ? error
        : new HttpError(500, error instanceof Error ? error.message : String(error));
    if (http.status >= 500) ctx.log(`error ${req.method ?? ''} ${url.pathname}: ${http.message}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // FHIR clients on both: the FHIR API and the national contact point answer in FHIR.
    if (url.pathname.startsWith('/fhir') || url.pathname.startsWith('/ncp')) {
      sendJson(
        res,
        http.status,
        operationOutcome('error', http.code, http.message),
        http.headers,
        FHIR_JSON,
      );
    } else if (url.pathname.startsWith('/auth/token')) {
      sendJson(
        res,
        http.status,
        { error: 'invalid_request', error_description: http.message },
        http.headers,
      );
    } else {
      for (const [k, v] of Object.entries(http.headers)) res.setHeader(k, v);
      sendHtml(res, http.status, errorPage('Request failed', http.message));
    }
  }
}
