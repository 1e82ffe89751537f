/**
 * `npm run web -- [--port N] [--data DIR]… [--config FILE] [--sandbox-port N]`
 * Runs the browser host. Prints the app URL (and, for tests, one JSON line starting with
 * `WEBHOST_READY ` that carries the URLs).
 */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
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
        renderer: { type: 'string' },
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
  const host = await startWebHost({
    port: parsePort(args.port, '--port', 5174),
    rendererDir,
    ...(args.config === undefined ? {} : { configFile: resolve(args.config) }),
    sandbox: {
      port: parsePort(args['sandbox-port'], '--sandbox-port', 0),
      dataDirs: (args.data ?? []).map((d) => resolve(d)),
    },
    log: (line) => console.log(line),
  });
  console.log(`Workstation (browser host): ${host.url}`);
  if (host.sandbox) console.log(`Embedded sandbox FHIR base URL: ${host.sandbox.fhirBaseUrl}`);
  console.log(
    `WEBHOST_READY ${JSON.stringify({ url: host.url, fhirBaseUrl: host.sandbox?.fhirBaseUrl ?? null, pid: process.pid })}`,
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
