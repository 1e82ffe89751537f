/**
 * Starts the real browser host (server/web/cli.ts, with the embedded sandbox, or with
 * `--sandbox-url` pointing at a sandbox process from sandbox-process.ts) as a child process on
 * 127.0.0.1 and stops exactly that process by PID. Used by Playwright's global setup and by
 * benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { z } from 'zod';

const readySchema = z.object({
  url: z.url(),
  fhirBaseUrl: z.url().nullable(),
  pid: z.number().int(),
});

export interface WebHostProcess {
  url: string;
  fhirBaseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export const projectRoot = resolve(import.meta.dirname, '../..');
export const fixturesRoot = resolve(projectRoot, '../shared/fixtures');

/** The `--sandbox-url` value in a web host argument list, if any. */
function externalSandboxUrl(args: readonly string[]): string | undefined {
  const index = args.indexOf('--sandbox-url');
  if (index >= 0) return args[index + 1];
  return args.find((a) => a.startsWith('--sandbox-url='))?.slice('--sandbox-url='.length);
}

/**
 * `args` are server/web/cli.ts arguments, e.g. `['--data', dir]` or
 * `['--sandbox-url', sandbox.fhirBaseUrl]` (then `fhirBaseUrl` is that sandbox's).
 */
export async function startWebHostProcess(
  args: string[] = [],
  options: { env?: Record<string, string> } = {},
): Promise<WebHostProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/web/cli.ts', '--port', '0', ...args],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('web host did not start');
  let output = '';
  const ready = await new Promise<z.output<typeof readySchema>>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`web host not ready after 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('WEBHOST_READY '));
      if (line) {
        clearTimeout(timer);
        resolveReady(readySchema.parse(JSON.parse(line.slice('WEBHOST_READY '.length))));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${String(code)}:\n${output}`));
    });
  });
  const fhirBaseUrl = ready.fhirBaseUrl ?? externalSandboxUrl(args);
  if (fhirBaseUrl === undefined) throw new Error('web host started without the sandbox');
  return {
    url: ready.url,
    fhirBaseUrl,
    pid,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      process.kill(pid, 'SIGTERM');
      const timeout = setTimeout(() => {
        if (child.exitCode === null) process.kill(pid, 'SIGKILL');
      }, 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
