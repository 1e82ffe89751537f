/**
 * `POST /sandbox/monitoring/readings`: the simulator's control endpoint. Off unless the
 * sandbox was started with the simulator; then it takes one JSON reading, checks it, stores the
 * Observation a device upload would create and answers 201 with it (FHIR JSON, Location, ETag).
 *
 * It writes clinical data without a SMART token, so it is fenced in: the sandbox binds only
 * loopback; the Host header must name a loopback host (a DNS-rebinding page cannot use it);
 * the secret header is required (and the CORS preflight does not allow that header, so no web
 * page can send it cross-origin); the body must be `application/json` (no "simple" form post).
 * Every error is an OperationOutcome.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import { HttpError, operationOutcome } from '../http/errors';
import { readBody, sendJson } from '../http/io';
import { FHIR_JSON } from '../fhir/routes';
import { etag } from '../fhir/write';
import { requestOf } from './device-reading';
import { describeIssues, readingInputSchema } from './reading-input';
import { SECRET_HEADER } from './simulator';

export const READINGS_PATH = '/sandbox/monitoring/readings';
const MAX_BODY = 64 * 1024;

/** Host names that can only mean this machine (with any port). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

async function record(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const simulator = ctx.monitoring;
  if (!simulator)
    throw new HttpError(
      404,
      'The monitoring simulator is off: start the sandbox with --simulator (or the simulator option)',
    );
  if (req.method !== 'POST')
    throw new HttpError(405, `${req.method ?? ''} is not supported; use POST`, 'not-supported', {
      Allow: 'POST',
    });
  if (!isLoopbackHost(req.headers.host))
    throw new HttpError(403, 'The simulator answers only requests addressed to a loopback host');
  const secret = req.headers[SECRET_HEADER.toLowerCase()];
  if (!simulator.checkSecret(typeof secret === 'string' ? secret : undefined))
    throw new HttpError(401, `Missing or wrong ${SECRET_HEADER} header`, 'security');
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/json\s*(;|$)/.test(type))
    throw new HttpError(415, 'Send the reading as Content-Type: application/json');
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, MAX_BODY));
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'The body is not valid JSON');
  }
  const parsed = readingInputSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error));
  const stored = simulator.record(requestOf(parsed.data));
  ctx.log(
    `simulator: ${parsed.data.metric} for Patient/${parsed.data.patient} → Observation/${stored.id}`,
  );
  sendJson(
    res,
    201,
    stored,
    {
      ETag: etag(stored),
      'Last-Modified': new Date(stored.meta.lastUpdated).toUTCString(),
      Location: `${ctx.fhirBaseUrl}/Observation/${stored.id}/_history/${stored.meta.versionId}`,
    },
    FHIR_JSON,
  );
}

/** Handles the control endpoint; answers every failure itself as an OperationOutcome. */
export async function handleMonitoringReadings(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    await record(ctx, req, res);
  } catch (error) {
    const http =
      error instanceof HttpError
        ? error
        : new HttpError(500, error instanceof Error ? error.message : String(error));
    if (http.status >= 500) ctx.log(`error POST ${READINGS_PATH}: ${http.message}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(
      res,
      http.status,
      operationOutcome('error', http.code, http.message),
      http.headers,
      FHIR_JSON,
    );
  }
}
