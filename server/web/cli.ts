/**
 * `npm run web -- [--port N] [--data DIR]… [--config FILE] [--managed-config FILE]
 * [--sandbox-port N] [--sandbox-state DIR]`
 * or `npm run web -- --sandbox-url <FHIR base URL of a sandbox process>`.
 *
 * The clinic's machine-wide file is read like the desktop app reads it: `--managed-config`,
 * else the `CW_MANAGED_CONFIG` environment variable, else the platform path
 * (`/etc/clinician-workstation/config.json` on Linux; see shared/config/managed-path.ts).
 * A missing file is fine; a broken one makes the app show an error screen naming the file and
 * the field.
 * Runs the browser host. Prints the app URL (and, for tests, one JSON line starting with
 * `WEBHOST_READY ` that carries the URLs).
 */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { managedConfigPath } from '../../shared/config/managed-path';
import { startWebHost } from './index';

function fail(message: string): never {
  console.error(`Error: ${message}`);
  process.exit(2);
}

function parsePort(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`${name} must be a port number between 0 and 65535, got "${value}"`);
  }
  return port;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        'sandbox-port': { type: 'string' },
        data: { type: 'string', multiple: true },
        config: { type: 'string' },
        'managed-config': { type: 'string' },
        renderer: { type: 'string' },
        'sandbox-url': { type: 'string' },
        'sandbox-state': { type: 'string' },
        'turn-url': { type: 'string', multiple: true },
        'relay-only': { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  const rendererDir = resolve(args.renderer ?? 'out/renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    fail(`no built renderer in ${rendererDir}: run "npm run build" first`);
  }
  const sandboxUrl = args['sandbox-url'];
  if (sandboxUrl !== undefined) {
    if (!/^https?:\/\/[^/]+\/.*[^/]$/.test(sandboxUrl) || !URL.canParse(sandboxUrl))
      fail(
        `--sandbox-url must be a FHIR base URL like http://127.0.0.1:4000/fhir, got "${sandboxUrl}"`,
      );
    const clash = ['sandbox-port', 'data', 'sandbox-state'].find((k) => k in args);
    if (clash !== undefined)
      fail(`--${clash} configures the embedded sandbox; with --sandbox-url pass it to the sandbox`);
  }
  const turnUrls = args['turn-url'] ?? [];
  const turnSecret = process.env.TURN_SECRET;
  if (turnUrls.length > 0 && !turnSecret)
    fail('--turn-url needs the TURN_SECRET environment variable');
  if (args['relay-only'] && turnUrls.length === 0) fail('--relay-only needs --turn-url');
  const turn =
    turnUrls.length > 0 && turnSecret
      ? { urls: turnUrls, secret: turnSecret, relayOnly: args['relay-only'] === true }
      : undefined;
  const managedArg = args['managed-config'];
  const managedFromEnv = managedConfigPath(process.platform, process.env);
  const managedConfigFile =
    managedArg !== undefined
      ? resolve(managedArg)
      : managedFromEnv === undefined
        ? undefined
        : resolve(managedFromEnv);
  const host = await startWebHost({
    port: parsePort(args.port, '--port', 5174),
    rendererDir,
    ...(args.config === undefined ? {} : { configFile: resolve(args.config) }),
    ...(managedConfigFile === undefined ? {} : { managedConfigFile }),
    sandbox: {
      port: parsePort(args['sandbox-port'], '--sandbox-port', 0),
      dataDirs: (args.data ?? []).map((d) => resolve(d)),
      ...(args['sandbox-state'] === undefined ? {} : { stateDir: resolve(args['sandbox-state']) }),
    },
    ...(sandboxUrl === undefined ? {} : { externalSandbox: { fhirBaseUrl: sandboxUrl } }),
    ...(turn ? { turn } : {}),
    log: (line) => console.log(line),
  });
  console.log(`Workstation (browser host): ${host.url}`);
  if (host.sandbox) console.log(`Embedded sandbox FHIR base URL: ${host.sandbox.fhirBaseUrl}`);
  else if (host.sandboxFhirBaseUrl !== undefined)
    console.log(`Sandbox (separate process) FHIR base URL: ${host.sandboxFhirBaseUrl}`);
  if (host.signaling) console.log(`Video consult signaling: ${host.signaling.url}`);
  if (host.config.managed) console.log(`Clinic configuration: ${host.config.managed.path}`);
  if (host.blocked)
    console.error('The clinic configuration is unusable; the app shows an error screen.');
  console.log(
    `WEBHOST_READY ${JSON.stringify({ url: host.url, fhirBaseUrl: host.sandboxFhirBaseUrl ?? null, pid: process.pid })}`,
  );
  const stop = (): void => {
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  fail((error as Error).message);
});
