/**
 * Short-lived TURN credentials in coturn's shared-secret "TURN REST API" scheme (coturn
 * `--use-auth-secret --static-auth-secret=<secret>`; draft-uberti-behave-turn-rest-00):
 *
 *   username   = `${expiryEpochSeconds}:${userId}`
 *   credential = base64(HMAC-SHA1(secret, username))
 *
 * The TURN server recomputes the HMAC from the username it is given, so it needs no user
 * database, and it refuses the username once its expiry has passed. The secret never leaves
 * the server side; only the derived credential goes to the client (as an `RTCIceServer`).
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';

export interface TurnServerConfig {
  urls: string[];
  secret: string;
  /** default 600 */
  ttlSeconds?: number;
}

export interface IceServerCredential {
  urls: string[];
  username: string;
  credential: string;
  /** epoch seconds */
  expiresAt: number;
}

export const DEFAULT_TURN_TTL_SECONDS = 600;
export const MIN_TURN_TTL_SECONDS = 60;
export const MAX_TURN_TTL_SECONDS = 86_400;
/** STUN's USERNAME attribute must stay under 513 bytes (RFC 8489 §14.3); leave room for the expiry. */
const MAX_USER_ID_BYTES = 256;

/**
 * RFC 7064 (`stun:host[:port]`) and RFC 7065 (`turn[s]:host[:port][?transport=udp|tcp]`):
 * no `//`, no path, no user info; a host name, IPv4 address or bracketed IPv6 address.
 */
const ICE_URI =
  /^(?:stun:|turns?:)(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\d{1,5}))?(\?transport=(?:udp|tcp))?$/;

const ICE_URI_MESSAGE =
  'must be a turn:, turns: or stun: URI such as turn:turn.example.org:3478?transport=udp';

const iceUrlSchema = z
  // abort: a string that is no such URL at all gets one message, not the refinement's too.
  .url({ protocol: /^(?:turns?|stun)$/, abort: true, error: ICE_URI_MESSAGE })
  .refine(
    (url) => {
      const match = ICE_URI.exec(url);
      if (match === null) return false;
      const [, port, query] = match;
      if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return false;
      // RFC 7064: a stun: URI has no query.
      return !(url.startsWith('stun:') && query !== undefined);
    },
    { message: ICE_URI_MESSAGE },
  );

const configSchema = z.object({
  urls: z
    .array(iceUrlSchema)
    .min(1, 'needs at least one URL')
    .refine((urls) => urls.some((u) => u.startsWith('turn:') || u.startsWith('turns:')), {
      message: 'needs at least one turn: or turns: URL (credentials are only used by TURN)',
    }),
  secret: z.string().min(1, 'the shared secret must not be empty'),
  ttlSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(MIN_TURN_TTL_SECONDS, `must be at least ${MIN_TURN_TTL_SECONDS} s`)
    .max(MAX_TURN_TTL_SECONDS, `must be at most ${MAX_TURN_TTL_SECONDS} s`)
    .default(DEFAULT_TURN_TTL_SECONDS),
});

const userIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .refine((id) => !id.includes(':'), {
    message: "must not contain ':' (coturn splits the username at the first ':')",
  })
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  .refine((id) => !/[\u0000-\u001f\u007f]/.test(id), {
    message: 'must not contain control characters',
  })
  .refine((id) => Buffer.byteLength(id, 'utf8') <= MAX_USER_ID_BYTES, {
    message: `must be at most ${MAX_USER_ID_BYTES} bytes of UTF-8`,
  });

const nowSchema = z.number().nonnegative();

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`turnCredentials: invalid ${what}:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** The coturn REST-API password for `username`: base64(HMAC-SHA1(secret, username)). */
export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username, 'utf8').digest('base64');
}

/**
 * Credentials for `userId` valid for `ttlSeconds` from `now` (ms, default `Date.now()`), ready
 * to hand to the client as an `RTCIceServer`. Throws an Error naming the bad field on invalid
 * input.
 */
export function turnCredentials(
  config: TurnServerConfig,
  userId: string,
  now: number = Date.now(),
): IceServerCredential {
  const { urls, secret, ttlSeconds } = parseOrThrow(configSchema, config, 'TURN server config');
  const id = parseOrThrow(userIdSchema, userId, 'userId');
  const nowMs = parseOrThrow(nowSchema, now, 'now');
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiresAt}:${id}`;
  return { urls: [...urls], username, credential: turnPassword(secret, username), expiresAt };
}
