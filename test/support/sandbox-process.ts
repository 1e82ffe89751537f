/**
 * Runs the sandbox (server/sandbox/cli.ts) as its own child process with a state folder, so
 * tests can kill it (SIGTERM or `kill -9`) and start it again on the same port and state, as
 * the offline-first E2E and fault-injection tests need. Only ever signals the PID it spawned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { z } from 'zod';
import { projectRoot } from './web-host-process';
import { trackChild } from './live-children';

const READY_PREFIX = 'SANDBOX_READY ';

const readySchema = z.object({
  fhirBaseUrl: z.url(),
  origin: z.url(),
  port: z.number().int().min(1).max(65535),
  pid: z.number().int(),
});

export interface SandboxProcessOptions {
  /** Port on 127.0.0.1; default 0 = a free one, then kept for every restart. */
  port?: number;
  /** State folder (journal, signing key, refresh tokens); kept across restarts. */
  stateDir: string;
  /** Folders of FHIR Bundles to load (`--data`). */
  dataDirs?: string[];
  /** Where the sandbox's EHR-launch page sends the browser (the web host's URL). */
  appLaunchUrl?: string;
  /** How long to keep retrying a port that is still taken (default 10 s). */
  bindRetryMs?: number;
}

export interface SandboxProcess {
  fhirBaseUrl: string;
  origin: string;
  port: number;
  /** PID of the current child (changes on restart). */
  readonly pid: number;
  /** True while the current child has not exited. */
  readonly running: boolean;
  /** Stops the current child by PID; SIGTERM escalates to SIGKILL after 5 s. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops it if running (SIGTERM), then starts it again on the same port with the same state. */
  restart(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  pid: number;
  exited: Promise<void>;
}

/**
 * A port that was free a moment ago on 127.0.0.1. Lets a test pick the web host's port first,
 * so the sandbox process can be started with `appLaunchUrl: http://127.0.0.1:<port>/` and the
 * web host then with `['--port', String(port), '--sandbox-url', sandbox.fhirBaseUrl]`.
 */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

class AddressInUse extends Error {}

function spawnOnce(args: string[]): Promise<{ child: Child; ready: z.output<typeof readySchema> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/sandbox/cli.ts', ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = proc.pid;
  if (pid === undefined) return Promise.reject(new Error('sandbox process did not start'));
  const untrack = trackChild(pid);
  const exited = new Promise<void>((resolveExit) => {
    proc.once('exit', () => {
      untrack();
      resolveExit();
    });
  });
  const child: Child = { process: proc, pid, exited };
  let output = '';
  let ready = false;
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => {
      process.kill(pid, 'SIGKILL');
      reject(new Error(`sandbox process not ready after 60 s:\n${output}`));
    }, 60_000);
    // Keep reading after the ready line (keeping only a tail): a full pipe would block the child.
    const onData = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
      if (ready) return;
      const line = output.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (line === undefined) return;
      ready = true;
      clearTimeout(timer);
      resolveReady({
        child,
        ready: readySchema.parse(JSON.parse(line.slice(READY_PREFIX.length))),
      });
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => {
      if (ready) return;
      clearTimeout(timer);
      reject(
        output.includes('EADDRINUSE')
          ? new AddressInUse(output)
          : new Error(`sandbox process exited with ${String(code)}:\n${output}`),
      );
    });
  });
}

/** Spawns, retrying while the port is still held (briefly possible right after a kill -9). */
async function spawnReady(
  args: string[],
  retryMs: number,
): Promise<{ child: Child; ready: z.output<typeof readySchema> }> {
  const deadline = Date.now() + retryMs;
  for (;;) {
    try {
      return await spawnOnce(args);
    } catch (error) {
      if (!(error instanceof AddressInUse) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const retryMs = options.bindRetryMs ?? 10_000;
  const argsFor = (port: number): string[] => [
    '--port',
    String(port),
    '--state',
    options.stateDir,
    ...(options.dataDirs ?? []).flatMap((d) => ['--data', d]),
    ...(options.appLaunchUrl === undefined ? [] : ['--app-launch-url', options.appLaunchUrl]),
  ];
  const first = await spawnReady(argsFor(options.port ?? 0), retryMs);
  let child = first.child;
  const { fhirBaseUrl, origin, port } = first.ready;

  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const current = child;
    if (current.process.exitCode !== null || current.process.signalCode !== null) return;
    process.kill(current.pid, signal);
    const escalate =
      signal === 'SIGTERM'
        ? setTimeout(() => {
            if (current.process.exitCode === null) process.kill(current.pid, 'SIGKILL');
          }, 5_000)
        : undefined;
    await current.exited;
    clearTimeout(escalate);
  };

  return {
    fhirBaseUrl,
    origin,
    port,
    get pid() {
      return child.pid;
    },
    get running() {
      return child.process.exitCode === null && child.process.signalCode === null;
    },
    stop,
    async restart() {
      await stop('SIGTERM');
      const next = await spawnReady(argsFor(port), retryMs);
      if (next.ready.fhirBaseUrl !== fhirBaseUrl) {
        process.kill(next.child.pid, 'SIGKILL');
        throw new Error(`sandbox came back at ${next.ready.fhirBaseUrl}, not ${fhirBaseUrl}`);
      }
      child = next.child;
    },
  };
}
