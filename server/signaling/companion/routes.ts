/**
 * The companion API under `/companion/`: monitoring links for the clinician, and the patient
 * page's own calls, authenticated by the link's ticket. See README.md in this folder for the
 * contract. Page calls are same-origin only (the page is served by this service): they never
 * get CORS headers, and a request whose Origin is another site is refused. Link calls come from
 * the workstation and get the same CORS as the rooms API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SignalingBus } from '../bus';
import type { ClinicianVerifier } from '../clinician-auth';
import { CompanionAccess } from './access';
import { BackendTokenSource } from './backend-token';
import { fetchFeedback } from './feedback';
import { CompanionFhir, FhirUnavailableError } from './fhir-client';
import { CompanionHttpError, parseBody, readJsonBody, sendJson, type RateLimit } from './http';
import type { BackendKey } from './keys';
import { fetchCompanionProfile } from './profile';
import { submitReading } from './submit-reading';
import { DEFAULT_LINK_DAYS, FHIR_ID, MAX_LINK_DAYS } from './tickets';

const MAX_BODY_BYTES = 4 * 1024;

/** How the signaling service reaches the patients' FHIR server as a backend service. */
export interface CompanionOptions {
  /** FHIR base URL of the records; clinicians must be signed in to this server (token `iss`). */
  fhirBaseUrl: string;
  /** The client id registered for the companion with that server. */
  clientId: string;
  key: BackendKey;
  /** Token URL; default: from the server's `.well-known/smart-configuration`. */
  tokenUrl?: string;
  rateLimits?: {
    /** Page calls per link (default 20 at once, then one every 5 s). */
    perLink?: RateLimit;
    /** Failed ticket checks per client address (default 10, then one every 6 s). */
    failuresPerAddress?: RateLimit;
    /** Link requests per clinician (default 20, then one every 5 s). */
    perClinician?: RateLimit;
  };
  fetch?: typeof fetch;
}

/** What the signaling server hands the companion routes. */
export interface CompanionContext {
  secret: string | Uint8Array;
  bus: SignalingBus;
  verifyClinician: ClinicianVerifier;
  /** CORS headers for the workstation's origins (links API only). */
  workstationCors: (req: IncomingMessage) => Record<string, string>;
  /** Base of the patient links, known once the server listens. */
  publicUrl: () => string;
  log: (line: string) => void;
}

const createLinkSchema = z.strictObject({
  patientId: z.string().regex(FHIR_ID, 'patientId must be a FHIR id'),
  days: z.number().int().min(1).max(MAX_LINK_DAYS).default(DEFAULT_LINK_DAYS),
});

export interface CompanionRoutes {
  /** Answers requests under `/companion/`; false for any other path. Never rejects. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

export function createCompanionRoutes(
  options: CompanionOptions,
  ctx: CompanionContext,
): CompanionRoutes {
  const access = new CompanionAccess(options, ctx);
  const tokens = new BackendTokenSource({
    fhirBaseUrl: options.fhirBaseUrl,
    clientId: options.clientId,
    key: options.key,
    ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const fhir = new CompanionFhir(options.fhirBaseUrl, tokens, options.fetch);

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const link = /^\/companion\/links(?:\/([A-Za-z0-9_-]{8,64}))?$/.exec(path);
    if (link) {
      const cors = ctx.workstationCors(req);
      if (method === 'OPTIONS') {
        res.writeHead(204, cors);
        res.end();
        return;
      }
      const linkId = link[1];
      if (method === 'POST' && linkId === undefined) {
        const clinician = await access.clinicianOf(req);
        const body = parseBody(createLinkSchema, await readJsonBody(req, MAX_BODY_BYTES));
        await access.assertClinicianReads(clinician.token, body.patientId);
        const issued = await access.tickets.issue({
          patientId: body.patientId,
          fhirBaseUrl: options.fhirBaseUrl,
          issuedBy: clinician.userId,
          ttlSeconds: body.days * 86_400,
        });
        ctx.log(`companion: link ${issued.id} issued by ${clinician.userId}`);
        sendJson(
          res,
          201,
          {
            id: issued.id,
            patientId: body.patientId,
            // In the fragment: never sent to a server, never in a Referer or an access log.
            url: `${ctx.publicUrl()}/patient.html#companion=${issued.ticket}`,
            expiresAt: issued.expiresAt,
          },
          cors,
        );
        return;
      }
      if (method === 'DELETE' && linkId !== undefined) {
        const clinician = await access.clinicianOf(req);
        await access.revoke(linkId);
        ctx.log(`companion: link ${linkId} revoked by ${clinician.userId}`);
        res.writeHead(204, cors);
        res.end();
        return;
      }
      throw new CompanionHttpError(405, `${method} is not supported on ${path}`, {
        headers: { Allow: linkId === undefined ? 'POST, OPTIONS' : 'DELETE, OPTIONS' },
      });
    }
    // The page's own calls: same origin, so a preflight never needs to succeed.
    if (method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    const only = (allowed: string): void => {
      if (method !== allowed)
        throw new CompanionHttpError(405, `${method} is not supported on ${path}`, {
          headers: { Allow: allowed },
        });
    };
    switch (path) {
      case '/companion/me': {
        only('GET');
        access.assertSameOrigin(req);
        const claims = await access.patientOf(req);
        const profile = await fetchCompanionProfile(fhir, claims, ctx.log);
        if (!profile)
          throw new CompanionHttpError(404, 'the record behind this link no longer exists');
        sendJson(res, 200, profile);
        return;
      }
      case '/companion/feedback': {
        only('GET');
        access.assertSameOrigin(req);
        const claims = await access.patientOf(req);
        sendJson(res, 200, { messages: await fetchFeedback(fhir, claims.patientId) });
        return;
      }
      case '/companion/readings': {
        only('POST');
        access.assertSameOrigin(req);
        const claims = await access.patientOf(req);
        const body = await readJsonBody(req, MAX_BODY_BYTES);
        const result = await submitReading(fhir, claims, body, Date.now());
        sendJson(res, result.duplicate ? 200 : 201, result);
        return;
      }
      default:
        throw new CompanionHttpError(404, 'not found');
    }
  }

  return {
    async handle(req, res, url) {
      const path = url.pathname;
      if (path !== '/companion' && !path.startsWith('/companion/')) return false;
      try {
        await route(req, res, path);
      } catch (e) {
        let error: CompanionHttpError;
        if (e instanceof CompanionHttpError) error = e;
        else if (e instanceof FhirUnavailableError) {
          ctx.log(`companion: ${e.message}`);
          error = new CompanionHttpError(502, 'the record server is unavailable; try again later');
        } else {
          ctx.log(`companion: ${(e as Error).message}`);
          error = new CompanionHttpError(500, 'internal error');
        }
        if (res.headersSent) res.end();
        else {
          const cors = path.startsWith('/companion/links') ? ctx.workstationCors(req) : {};
          sendJson(
            res,
            error.status,
            { error: error.message, ...(error.extra.field ? { field: error.extra.field } : {}) },
            { ...cors, ...error.extra.headers },
          );
        }
      }
      return true;
    },
  };
}
