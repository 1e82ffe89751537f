/** Command-line arguments of `npm run sandbox`, validated with zod into SandboxOptions. */
import { z } from 'zod';
import { parseDuration } from './monitoring/duration';
import { MIN_INTERVAL_MS } from './monitoring/simulator';

export const USAGE = `Usage: npm run sandbox -- [--port N] [--data DIR]... [--seed N] [--app-launch-url URL] [--state DIR] [--simulator] [--simulate-every 30s]
  --port N              port on 127.0.0.1 (default 0: any free port)
  --data DIR            load every *.json FHIR Bundle in DIR (repeatable)
  --seed N              seed for the synthetic patients (default fixed)
  --app-launch-url URL  where the EHR-launch page sends the browser
  --state DIR           keep writes, signing key and refresh tokens in DIR across restarts
  --simulator           accept home readings at POST /sandbox/monitoring/readings (secret header
                        X-Sandbox-Admin-Secret: $SANDBOX_ADMIN_SECRET, else a random one printed)
  --simulate-every T    also add a plausible reading per monitored metric every T (500ms, 30s,
                        5m, 1h; at least 1s); implies --simulator
Environment: SANDBOX_ANCHOR=today|fixed|YYYY-MM-DD  the day home readings end (default today,
                        09:00 UTC; fixed = 2026-11-01, what the tests use)`;

const schema = z.object({
  port: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0-65535')
    .max(65535, 'must be 0-65535')
    .default(0),
  dataDirs: z.array(z.string().min(1)).default([]),
  seed: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').optional(),
  appLaunchUrl: z.url({ error: 'must be an absolute URL' }).optional(),
  stateDir: z.string().min(1, 'must name a folder').optional(),
  simulator: z.literal(true).optional(),
  simulateEveryMs: z
    .string()
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms < MIN_INTERVAL_MS) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration of at least 1s (e.g. 30s)' });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
  help: z.boolean().default(false),
});

export type CliArgs = z.output<typeof schema>;

const FLAGS: Record<
  string,
  'port' | 'dataDirs' | 'seed' | 'appLaunchUrl' | 'stateDir' | 'simulateEveryMs'
> = {
  '--port': 'port',
  '--data': 'dataDirs',
  '--seed': 'seed',
  '--app-launch-url': 'appLaunchUrl',
  '--state': 'stateDir',
  '--simulate-every': 'simulateEveryMs',
};

export function parseCliArgs(
  argv: readonly string[],
): { ok: true; value: CliArgs } | { ok: false; error: string } {
  const raw: Record<string, unknown> = { dataDirs: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      raw.help = true;
      continue;
    }
    if (arg === '--simulator') {
      raw.simulator = true;
      continue;
    }
    const [flag = '', inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const key = FLAGS[flag];
    if (!key) return { ok: false, error: `Unknown argument "${arg}"` };
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      return { ok: false, error: `${flag} needs a value` };
    if (key === 'dataDirs') (raw.dataDirs as string[]).push(value);
    else raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name =
      Object.entries(FLAGS).find(([, k]) => k === issue?.path[0])?.[0] ??
      String(issue?.path[0] ?? 'argument');
    return { ok: false, error: `${name}: ${issue?.message ?? 'invalid'}` };
  }
  const value = parsed.data;
  if (value.simulateEveryMs !== undefined) value.simulator = true;
  return { ok: true, value };
}
