/**
 * Who may call the companion API. The patient page: a valid, unexpired, unwithdrawn link
 * ticket for the configured FHIR server, from the page's own origin. The clinician: a SMART
 * access token of that FHIR server naming a Practitioner (clinician-auth.ts), whose own token
 * can read the patient a link is for. Every check is rate-limited per link, per clinician,
 * and — for refused tickets — per client address.
 */
import type { IncomingMessage } from 'node:http';
import { ClinicianAuthError, type ClinicianIdentity } from '../clinician-auth';
import { FhirUnavailableError } from './fhir-client';
import { CompanionHttpError, KeyedRateLimiter, bearerToken } from './http';
import type { CompanionContext, CompanionOptions } from './routes';
import {
  CompanionTicketError,
  CompanionTickets,
  MAX_LINK_DAYS,
  type CompanionClaims,
} from './tickets';

const REVOKED = (id: string): string => `companion-revoked:${id}`;

function tooMany(limiter: KeyedRateLimiter): CompanionHttpError {
  return new CompanionHttpError(429, 'too many requests; try again shortly', {
    headers: { 'Retry-After': String(limiter.retryAfterSeconds) },
  });
}

export class CompanionAccess {
  readonly tickets: CompanionTickets;
  private readonly perLink: KeyedRateLimiter;
  private readonly failures: KeyedRateLimiter;
  private readonly perClinician: KeyedRateLimiter;
  private readonly fetchFn: typeof fetch;

  constructor(
    private readonly options: CompanionOptions,
    private readonly ctx: CompanionContext,
  ) {
    this.tickets = new CompanionTickets(ctx.secret);
    const limits = options.rateLimits ?? {};
    this.perLink = new KeyedRateLimiter(limits.perLink ?? { burst: 20, perSecond: 0.2 });
    this.failures = new KeyedRateLimiter(
      limits.failuresPerAddress ?? { burst: 10, perSecond: 1 / 6 },
    );
    this.perClinician = new KeyedRateLimiter(limits.perClinician ?? { burst: 20, perSecond: 0.2 });
    this.fetchFn = options.fetch ?? fetch;
  }

  /** Same origin: the page this service served (its public URL, or the Host it was reached at). */
  assertSameOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin === undefined) return;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw new CompanionHttpError(403, 'cross-origin requests are refused');
    }
    if (origin !== new URL(this.ctx.publicUrl()).origin && host !== req.headers.host)
      throw new CompanionHttpError(403, 'cross-origin requests are refused');
  }

  /** The link behind the request's ticket; 401 (429 when an address keeps failing). */
  async patientOf(req: IncomingMessage): Promise<CompanionClaims> {
    const address = req.socket.remoteAddress ?? 'unknown';
    const refuse = (message: string): CompanionHttpError => {
      if (!this.failures.take(address)) return tooMany(this.failures);
      return new CompanionHttpError(401, message, {
        headers: { 'WWW-Authenticate': 'Bearer realm="companion"' },
      });
    };
    const ticket = bearerToken(req);
    if (!ticket) throw refuse('missing monitoring link (Authorization: Bearer <ticket>)');
    let claims: CompanionClaims;
    try {
      claims = await this.tickets.verify(ticket);
    } catch (e) {
      if (e instanceof CompanionTicketError) throw refuse(e.message);
      throw e;
    }
    if (claims.fhirBaseUrl !== this.options.fhirBaseUrl)
      throw refuse('this monitoring link belongs to another record server');
    if (await this.ctx.bus.has(REVOKED(claims.id)))
      throw refuse('this monitoring link was withdrawn by the clinic');
    if (!this.perLink.take(claims.id)) throw tooMany(this.perLink);
    return claims;
  }

  /** The clinician behind the request's SMART token, signed in to the companion's server. */
  async clinicianOf(req: IncomingMessage): Promise<ClinicianIdentity & { token: string }> {
    const token = bearerToken(req);
    if (!token) throw new CompanionHttpError(401, 'missing bearer token');
    let clinician: ClinicianIdentity;
    try {
      clinician = await this.ctx.verifyClinician(token);
    } catch (e) {
      if (e instanceof ClinicianAuthError) throw new CompanionHttpError(401, e.message);
      throw e;
    }
    if (clinician.issuer !== this.options.fhirBaseUrl)
      throw new CompanionHttpError(
        403,
        `monitoring links are available for records on ${this.options.fhirBaseUrl} only`,
      );
    if (!this.perClinician.take(clinician.userId)) throw tooMany(this.perClinician);
    return { ...clinician, token };
  }

  /** The clinician may read the patient: their own token proves it, not the companion's. */
  async assertClinicianReads(token: string, patientId: string): Promise<void> {
    const url = `${this.options.fhirBaseUrl}/Patient/${encodeURIComponent(patientId)}`;
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new FhirUnavailableError((e as Error).message);
    }
    if (res.ok) return;
    if (res.status === 404 || res.status === 410)
      throw new CompanionHttpError(404, `Patient/${patientId} not found`, { field: 'patientId' });
    if (res.status === 401 || res.status === 403)
      throw new CompanionHttpError(
        403,
        `your access token does not allow reading Patient/${patientId}`,
      );
    throw new FhirUnavailableError(`reading Patient/${patientId}: ${res.status}`);
  }

  /** Withdraws a link on every node, for as long as any link can live. */
  async revoke(linkId: string): Promise<void> {
    await this.ctx.bus.setIfAbsent(REVOKED(linkId), MAX_LINK_DAYS * 86_400);
  }
}
