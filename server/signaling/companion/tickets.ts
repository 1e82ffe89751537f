/**
 * Companion tickets: the signed part of a patient's monitoring link. A JWT (HS256) naming the
 * patient, the FHIR server holding their record and the clinician who handed it out, valid for
 * weeks (patients keep the link on their phone), revocable by its id (`jti`).
 *
 * The key is derived from the signaling secret with a label of its own (HMAC-SHA256), so a
 * companion ticket can never pass as a video-consult ticket (tickets.ts) or the other way
 * round, even though both come from the same secret on every node.
 */
import { createHmac } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { newId } from '../tickets';

const ISSUER = 'cw-signaling';
const AUDIENCE = 'cw-companion';
const TYP = 'cw-companion+jwt';
const KEY_LABEL = 'clinician-workstation companion ticket key v1';

/** Links last 30 days unless the clinician asks otherwise; never more than 90. */
export const DEFAULT_LINK_DAYS = 30;
export const MAX_LINK_DAYS = 90;

/** A FHIR resource id (R4 `id` datatype). */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

const claimsSchema = z.object({
  kind: z.literal('companion'),
  /** The Patient's id on `fhir`. */
  sub: z.string().regex(FHIR_ID),
  /** FHIR base URL of the patient's record. */
  fhir: z.url(),
  /** `Practitioner/<id>` of the clinician who issued the link. */
  by: z.string(),
  jti: z.string().min(8),
  exp: z.number(),
});

export interface CompanionClaims {
  /** Link id: what revocation names. */
  id: string;
  patientId: string;
  fhirBaseUrl: string;
  issuedBy: string;
  /** Epoch ms. */
  expiresAt: number;
}

export class CompanionTicketError extends Error {
  constructor(
    readonly code: 'bad-ticket' | 'expired-ticket',
    message: string,
  ) {
    super(message);
    this.name = 'CompanionTicketError';
  }
}

export class CompanionTickets {
  private readonly key: Uint8Array;

  /** @param secret the signaling secret (≥ 32 bytes); the ticket key is derived from it. */
  constructor(
    secret: string | Uint8Array,
    private readonly now: () => number = Date.now,
  ) {
    const raw = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (raw.length < 32) throw new Error('signaling secret must be at least 32 bytes');
    this.key = new Uint8Array(createHmac('sha256', raw).update(KEY_LABEL).digest());
  }

  async issue(options: {
    patientId: string;
    fhirBaseUrl: string;
    issuedBy: string;
    ttlSeconds: number;
  }): Promise<{ ticket: string; id: string; expiresAt: number }> {
    const id = newId();
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + options.ttlSeconds;
    const ticket = await new SignJWT({
      kind: 'companion',
      fhir: options.fhirBaseUrl,
      by: options.issuedBy,
    })
      .setProtectedHeader({ alg: 'HS256', typ: TYP })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(options.patientId)
      .setJti(id)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { ticket, id, expiresAt: exp * 1000 };
  }

  /** Checks signature, type, issuer, audience and expiry. Throws {@link CompanionTicketError}. */
  async verify(ticket: string): Promise<CompanionClaims> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(ticket, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: TYP,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
        clockTolerance: 0,
      }));
    } catch (e) {
      if (e instanceof errors.JWTExpired)
        throw new CompanionTicketError('expired-ticket', 'this monitoring link has expired');
      throw new CompanionTicketError('bad-ticket', 'this monitoring link is not valid');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new CompanionTicketError('bad-ticket', 'this monitoring link is not valid');
    return {
      id: claims.data.jti,
      patientId: claims.data.sub,
      fhirBaseUrl: claims.data.fhir,
      issuedBy: claims.data.by,
      expiresAt: claims.data.exp * 1000,
    };
  }
}
