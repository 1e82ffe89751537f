/**
 * `npm run signaling -- [options]`: the signaling service alone (a node of a deployment).
 * Options may also come from the environment (SIGNALING_*), which is how containers are
 * configured; the secret only from the environment or a file, never on the command line.
 * Prints `SIGNALING_READY {"url","wsUrl","nodeId","pid"}` once it accepts connections and
 * shuts down gracefully on SIGINT/SIGTERM (clients are told to reconnect).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { MemoryBus, type SignalingBus } from './bus';
import { jwksClinicianVerifier, trustedServerSchema } from './clinician-auth';
import { companionOptionsFrom } from './companion/cli-options';
import { RedisBus } from './redis-bus';
import { startSignalingServer } from './server';
import { turnCredentials } from './turn';

export const USAGE = `Usage: npm run signaling -- [--port N] [--host IP] [--public-url URL]
       [--trust ISSUER=JWKS_URL]... [--cors ORIGIN]... [--redis URL]
       [--turn-url URL]... [--relay-only] [--patient-page DIR]
       [--fhir-base URL --companion-client-id ID --companion-key-file FILE]
  --port N          port (default 0: any free port)          env SIGNALING_PORT
  --host IP         interface to bind (default 127.0.0.1)    env SIGNALING_HOST
  --public-url URL  base URL in patient links                env SIGNALING_PUBLIC_URL
  --trust I=J       trust SMART tokens of issuer I, keys at JWKS URL J (repeatable)
  --cors ORIGIN     workstation origin allowed to call the API (repeatable)
  --redis URL       share rooms with other nodes through Redis  env SIGNALING_REDIS_URL
  --turn-url URL    TURN server for coturn REST credentials (repeatable)
  --relay-only      media only through TURN (participants never see each other's IP)
  --patient-page D  folder with the built patient page (out/renderer)
  --fhir-base URL   monitoring links: FHIR server of the records   env SIGNALING_FHIR_BASE
                    (also trusted with --trust)
  --companion-client-id ID   backend-services client id there  env SIGNALING_COMPANION_CLIENT_ID
  --companion-key-file FILE  its private JWK (RS384/ES384)     env SIGNALING_COMPANION_KEY_FILE
Secrets (environment only): SIGNALING_SECRET or SIGNALING_SECRET_FILE (≥ 32 bytes, the same on
every node), TURN_SECRET (coturn static-auth-secret), SIGNALING_COMPANION_KEY (the private JWK
itself, instead of a key file).`;

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(0),
  host: z.union([z.ipv4(), z.ipv6()]).default('127.0.0.1'),
  publicUrl: z.url().optional(),
  trust: z.array(z.string().regex(/^[^=]+=.+$/, 'must be ISSUER=JWKS_URL')).default([]),
  cors: z.array(z.url()).default([]),
  redis: z.url().optional(),
  turnUrl: z.array(z.string().regex(/^turns?:/, 'must be a turn: or turns: URI')).default([]),
  patientPage: z.string().min(1).optional(),
  relayOnly: z.boolean().default(false),
  fhirBase: z.url().optional(),
  companionClientId: z.string().min(1).optional(),
  companionKeyFile: z.string().min(1).optional(),
});
export type SignalingCliArgs = z.output<typeof argsSchema>;

const FLAGS: Record<string, keyof SignalingCliArgs> = {
  '--port': 'port',
  '--host': 'host',
  '--public-url': 'publicUrl',
  '--trust': 'trust',
  '--cors': 'cors',
  '--redis': 'redis',
  '--turn-url': 'turnUrl',
  '--patient-page': 'patientPage',
  '--fhir-base': 'fhirBase',
  '--companion-client-id': 'companionClientId',
  '--companion-key-file': 'companionKeyFile',
};
const REPEATABLE = new Set<keyof SignalingCliArgs>(['trust', 'cors', 'turnUrl']);

export function parseSignalingArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): { ok: true; value: SignalingCliArgs } | { ok: false; error: string } {
  const raw: Record<string, unknown> = {
    trust: [],
    cors: [],
    turnUrl: [],
    ...(env.SIGNALING_PORT ? { port: env.SIGNALING_PORT } : {}),
    ...(env.SIGNALING_HOST ? { host: env.SIGNALING_HOST } : {}),
    ...(env.SIGNALING_PUBLIC_URL ? { publicUrl: env.SIGNALING_PUBLIC_URL } : {}),
    ...(env.SIGNALING_REDIS_URL ? { redis: env.SIGNALING_REDIS_URL } : {}),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    if (flag === '--relay-only') {
      raw.relayOnly = true;
      continue;
    }
    const key = FLAGS[flag];
    if (!key) return { ok: false, error: `Unknown argument "${flag}"` };
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) {
      return { ok: false, error: `${flag} needs a value` };
    }
    if (REPEATABLE.has(key)) (raw[key] as string[]).push(value);
    else raw[key] = value;
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `${String(issue?.path[0] ?? 'arguments')}: ${issue?.message ?? ''}`,
    };
  }
  return { ok: true, value: parsed.data };
}

async function readSecret(env: Record<string, string | undefined>): Promise<string> {
  if (env.SIGNALING_SECRET) return env.SIGNALING_SECRET;
  if (env.SIGNALING_SECRET_FILE) return (await readFile(env.SIGNALING_SECRET_FILE, 'utf8')).trim();
  throw new Error('set SIGNALING_SECRET or SIGNALING_SECRET_FILE (at least 32 bytes)');
}

async function main(): Promise<number> {
  const args = parseSignalingArgs(process.argv.slice(2), process.env);
  if (!args.ok) {
    process.stderr.write(`signaling: ${args.error}\n${USAGE}\n`);
    return 2;
  }
  const a = args.value;
  const secret = await readSecret(process.env);
  const trusted = a.trust.map((t) => {
    const at = t.indexOf('=');
    return trustedServerSchema.parse({ issuer: t.slice(0, at), jwksUrl: t.slice(at + 1) });
  });
  const turnSecret = process.env.TURN_SECRET;
  if (a.turnUrl.length > 0 && !turnSecret) throw new Error('--turn-url needs TURN_SECRET');
  if (a.relayOnly && a.turnUrl.length === 0) throw new Error('--relay-only needs --turn-url');
  const companion = await companionOptionsFrom(
    { ...a, trustedIssuers: trusted.map((t) => t.issuer) },
    process.env,
    (path) => readFile(path, 'utf8'),
  );
  const bus: SignalingBus = a.redis ? await RedisBus.connect(a.redis) : new MemoryBus();
  const server = await startSignalingServer({
    port: a.port,
    host: a.host,
    secret,
    bus,
    verifyClinician: jwksClinicianVerifier(trusted),
    corsOrigins: a.cors,
    ...(a.publicUrl ? { publicUrl: a.publicUrl } : {}),
    ...(a.patientPage ? { patientPageDir: a.patientPage } : {}),
    ...(a.relayOnly ? { relayOnly: true } : {}),
    ...(companion ? { companion } : {}),
    ...(a.turnUrl.length > 0 && turnSecret
      ? {
          iceServers: (id: string) => [
            turnCredentials({ urls: a.turnUrl, secret: turnSecret }, id),
          ],
        }
      : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  process.stdout.write(
    `Signaling on ${server.url} (WebSocket ${server.wsUrl}, ${a.redis ? 'Redis bus' : 'single node'})\n` +
      `SIGNALING_READY ${JSON.stringify({ url: server.url, wsUrl: server.wsUrl, nodeId: server.nodeId, pid: process.pid })}\n`,
  );
  await stopped;
  await server.close();
  await bus.close();
  process.stdout.write('Signaling stopped.\n');
  return 0;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `signaling: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
