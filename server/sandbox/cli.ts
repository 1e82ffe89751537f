/**
 * `npm run sandbox -- --port N --data DIR --state DIR [--simulator] [--simulate-every 30s]`: runs
 * the sandbox alone, prints its FHIR base URL, the demo accounts and (with the simulator) its
 * control endpoint, and stops cleanly on SIGINT/SIGTERM. Exits non-zero with a
 * clear message on bad arguments or an unloadable data file. For test harnesses it also prints
 * one line `SANDBOX_READY {"fhirBaseUrl","origin","port","pid"}` once it accepts requests.
 */
import { resolve } from 'node:path';
import { parseCliArgs, USAGE } from './cli-args';
import { DEMO_ACCOUNTS, startSandbox } from './index';

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2));
  if (!args.ok) {
    process.stderr.write(`sandbox: ${args.error}\n${USAGE}\n`);
    return 2;
  }
  if (args.value.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { port, dataDirs, seed, appLaunchUrl, stateDir, simulator, simulateEveryMs } = args.value;
  // The secret comes from the environment, never the command line (`ps` shows arguments).
  const envSecret = process.env.SANDBOX_ADMIN_SECRET;
  let sandbox;
  try {
    sandbox = await startSandbox({
      port,
      dataDirs,
      seed,
      appLaunchUrl,
      ...(stateDir === undefined ? {} : { stateDir: resolve(stateDir) }),
      ...(simulator
        ? {
            simulator: {
              ...(envSecret ? { secret: envSecret } : {}),
              ...(simulateEveryMs === undefined ? {} : { everyMs: simulateEveryMs }),
            },
          }
        : {}),
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (error) {
    process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  // Listen for signals before printing: whoever reads the URL may stop us right away.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write(
    [
      `Sandbox FHIR base URL: ${sandbox.fhirBaseUrl}`,
      `EHR launch page: ${sandbox.origin}/ehr`,
      'Demo accounts:',
      ...DEMO_ACCOUNTS.map((a) => `  ${a.username} / ${a.password}  (${a.displayName}, ${a.role})`),
      ...(sandbox.simulator
        ? [
            `Monitoring simulator: POST ${sandbox.simulator.readingsUrl}`,
            `  header ${sandbox.simulator.secretHeader}: ${envSecret ? '(the value of SANDBOX_ADMIN_SECRET)' : sandbox.simulator.secret}`,
            ...(sandbox.simulator.everyMs === undefined
              ? []
              : [`  adding readings every ${sandbox.simulator.everyMs / 1000} s`]),
          ]
        : []),
      `SANDBOX_READY ${JSON.stringify({
        fhirBaseUrl: sandbox.fhirBaseUrl,
        origin: sandbox.origin,
        port: Number(new URL(sandbox.origin).port),
        pid: process.pid,
      })}`,
      '',
    ].join('\n'),
  );
  await stopped;
  await sandbox.close();
  process.stdout.write('Sandbox stopped.\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
