/**
 * The signaling service's HTTP API as the workstation uses it: open a room (proving who the
 * clinician is with the SMART access token), create and withdraw one-time invitation links.
 * Answers are validated; failures carry a message a clinician can act on.
 */
import { z } from 'zod';
import type { ParticipantRole } from '../../../../shared/signaling/protocol';

export class SignalingApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SignalingApiError';
  }
}

const roomSchema = z.object({ roomId: z.string(), hostTicket: z.string(), expiresAt: z.number() });
export type Room = z.infer<typeof roomSchema>;

const inviteSchema = z.object({
  inviteId: z.string(),
  role: z.string(),
  ticket: z.string(),
  url: z.url(),
  expiresAt: z.number(),
});
export type Invite = z.infer<typeof inviteSchema> & { role: Exclude<ParticipantRole, 'host'> };

export { signalingWsUrl } from '../../../../shared/signaling/protocol';

async function call<T>(
  schema: z.ZodType<T>,
  url: string,
  init: { method: string; bearer: string; body?: unknown },
): Promise<T | undefined> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: {
        Authorization: `Bearer ${init.bearer}`,
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new SignalingApiError(
      `The video service cannot be reached (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  if (response.status === 204) return undefined;
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SignalingApiError(`The video service answered ${response.status}.`, response.status);
  }
  if (!response.ok) {
    const error = z.object({ error: z.string() }).safeParse(json);
    throw new SignalingApiError(
      error.success ? error.data.error : `The video service answered ${response.status}.`,
      response.status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SignalingApiError('The video service sent an unexpected answer.');
  return parsed.data;
}

export async function createRoom(
  signalingUrl: string,
  accessToken: string,
  name: string,
): Promise<Room> {
  const room = await call(roomSchema, new URL('/api/rooms', signalingUrl).toString(), {
    method: 'POST',
    bearer: accessToken,
    body: { name: name.slice(0, 80) },
  });
  if (!room) throw new SignalingApiError('The video service sent no room.');
  return room;
}

export async function createInvite(
  signalingUrl: string,
  room: Room,
  role: Exclude<ParticipantRole, 'host'>,
): Promise<Invite> {
  const invite = await call(
    inviteSchema,
    new URL(`/api/rooms/${room.roomId}/invites`, signalingUrl).toString(),
    { method: 'POST', bearer: room.hostTicket, body: { role, ttlMinutes: 60 } },
  );
  if (!invite) throw new SignalingApiError('The video service sent no link.');
  return { ...invite, role };
}

export async function withdrawInvite(
  signalingUrl: string,
  room: Room,
  inviteId: string,
): Promise<void> {
  await call(
    z.unknown(),
    new URL(`/api/rooms/${room.roomId}/invites/${inviteId}`, signalingUrl).toString(),
    {
      method: 'DELETE',
      bearer: room.hostTicket,
    },
  );
}

const companionLinkSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  url: z.url(),
  expiresAt: z.number(),
});
export type CompanionLink = z.infer<typeof companionLinkSchema>;

/**
 * A patient's monitoring link (server/signaling/companion): the patient reads feedback and
 * submits home readings with it, without an account. Proven with the clinician's SMART token.
 */
export async function createCompanionLink(
  signalingUrl: string,
  accessToken: string,
  patientId: string,
): Promise<CompanionLink> {
  const link = await call(
    companionLinkSchema,
    new URL('/companion/links', signalingUrl).toString(),
    { method: 'POST', bearer: accessToken, body: { patientId } },
  );
  if (!link) throw new SignalingApiError('The service sent no link.');
  return link;
}
