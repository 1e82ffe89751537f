/**
 * Join tickets: short-lived JWTs (HS256) signed with the signaling secret. Three kinds:
 * - `host`: for the clinician, issued from a verified SMART session (see clinician-auth.ts);
 * - `invite`: a one-time link for the patient or a guest (specialist, interpreter, family),
 *   revocable by the host; its id is claimed on first use, across nodes (bus.setIfAbsent);
 * - `resume`: handed out in `welcome`, so a participant whose connection dropped comes back
 *   as itself (same id, still admitted) instead of knocking again.
 * Forged, expired, reused and revoked tickets are told apart with their own error codes.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { participantRoleSchema, type ParticipantRole } from '../../shared/signaling/protocol';

export type TicketKind = 'host' | 'invite' | 'resume';

const claimsSchema = z.object({
  kind: z.enum(['host', 'invite', 'resume']),
  room: z.string(),
  role: participantRoleSchema,
  jti: z.string(),
  exp: z.number(),
  /** Participant id (resume), or the clinician's user reference (host). */
  sub: z.string().optional(),
  name: z.string().optional(),
  /** Resume tickets handed out on admission: come back admitted, not to the lobby. */
  admitted: z.boolean().optional(),
});
export type TicketClaims = z.infer<typeof claimsSchema>;

export class TicketError extends Error {
  constructor(
    readonly code: 'bad-ticket' | 'expired-ticket' | 'ticket-used' | 'ticket-revoked',
    message: string,
  ) {
    super(message);
    this.name = 'TicketError';
  }
}

/** A random URL-safe id (participants, rooms, ticket ids). */
export function newId(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

const ISSUER = 'cw-signaling';

export interface IssueOptions {
  kind: TicketKind;
  room: string;
  role: ParticipantRole;
  ttlSeconds: number;
  sub?: string;
  name?: string;
  jti?: string;
  admitted?: boolean;
}

export class TicketAuthority {
  private readonly key: Uint8Array;

  /** @param secret at least 32 bytes of entropy, shared by every node serving the same rooms. */
  constructor(
    secret: string | Uint8Array,
    private readonly now: () => number = Date.now,
  ) {
    this.key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (this.key.length < 32) throw new Error('signaling secret must be at least 32 bytes');
  }

  async issue(options: IssueOptions): Promise<{ ticket: string; jti: string; expiresAt: number }> {
    const jti = options.jti ?? newId();
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + options.ttlSeconds;
    const ticket = await new SignJWT({
      kind: options.kind,
      room: options.room,
      role: options.role,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.admitted ? { admitted: true } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'cw-ticket+jwt' })
      .setIssuer(ISSUER)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setSubject(options.sub ?? jti)
      .sign(this.key);
    return { ticket, jti, expiresAt: exp * 1000 };
  }

  /** Verifies signature, issuer and expiry. Throws {@link TicketError}. */
  async verify(ticket: string): Promise<TicketClaims> {
    try {
      const { payload } = await jwtVerify(ticket, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
        clockTolerance: 0,
      });
      const parsed = claimsSchema.safeParse(payload);
      if (!parsed.success) throw new TicketError('bad-ticket', 'ticket claims are malformed');
      return parsed.data;
    } catch (e) {
      if (e instanceof TicketError) throw e;
      if (e instanceof errors.JWTExpired)
        throw new TicketError('expired-ticket', 'ticket has expired');
      throw new TicketError('bad-ticket', 'ticket is not valid');
    }
  }
}
