/**
 * Runs a throwaway redis-server (Debian's binary) on 127.0.0.1 for tests: no config file, no
 * persistence, protected mode on. Tests can stop it and restart it on the same port, as the
 * reconnect tests of the Redis signaling bus need. Only ever signals the PID it spawned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './sandbox-process';
import { trackChild } from './live-children';

export interface RedisProcessOptions {
  /** Port on 127.0.0.1; default a free one, then kept for every restart. */
  port?: number;
  /** How long to wait for PING to answer after spawning (default 10 s). */
  readyTimeoutMs?: number;
}

export interface RedisProcess {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** PID of the current redis-server (changes on restart). */
  readonly pid: number;
  /** True while the current redis-server has not exited. */
  readonly running: boolean;
  /** Stops the current redis-server by PID; SIGTERM escalates to SIGKILL after 5 s. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops it if running, then starts a new one on the same port (empty: nothing persists). */
  restart(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  pid: number;
  exited: Promise<void>;
}

const INSTALL_HINT =
  'redis-server not found. Install it (Debian/Ubuntu: `apt-get update && apt-get install -y ' +
  'redis-server`) or set REDIS_SERVER_BIN to its path.';

/** The redis-server binary: $REDIS_SERVER_BIN, else the first on PATH; throws when missing. */
export function findRedisServer(): string {
  const candidates = process.env.REDIS_SERVER_BIN
    ? [process.env.REDIS_SERVER_BIN]
    : [
        ...(process.env.PATH ?? '')
          .split(delimiter)
          .filter((dir) => dir !== '')
          .map((dir) => join(dir, 'redis-server')),
        '/usr/bin/redis-server',
        '/usr/sbin/redis-server',
      ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Try the next one.
    }
  }
  throw new Error(INSTALL_HINT);
}

/** Resolves true when a Redis on 127.0.0.1:port answers PING with PONG. */
function ping(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolvePing) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolvePing(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('close', () => done(false));
  });
}

class AddressInUse extends Error {}

async function spawnOnce(binary: string, port: number, readyTimeoutMs: number): Promise<Child> {
  const proc = spawn(
    binary,
    [
      '--save',
      '',
      '--appendonly',
      'no',
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--protected-mode',
      'yes',
    ],
    // cwd in the temp folder: with persistence off nothing should be written, but if anything
    // is, it does not land in the project.
    { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let spawnError: Error | undefined;
  // Without a listener a failed spawn (reported asynchronously) would crash the test process.
  proc.once('error', (error) => {
    spawnError = error;
  });
  const pid = proc.pid;
  if (pid === undefined) {
    await new Promise((r) => setImmediate(r));
    throw new Error(
      `redis-server (${binary}) did not start: ${spawnError?.message ?? 'no PID'}. ${INSTALL_HINT}`,
    );
  }
  const untrack = trackChild(pid);
  const exited = new Promise<void>((resolveExit) => {
    proc.once('exit', () => {
      untrack();
      resolveExit();
    });
  });
  // 'close' comes after 'exit' once the output pipes are drained.
  const closed = new Promise<void>((resolveClose) => proc.once('close', () => resolveClose()));
  // A function, not a variable: the exit callback changes it behind the compiler's back.
  const hasExited = (): boolean => proc.exitCode !== null || proc.signalCode !== null;
  // Keep reading (keeping only a tail): a full pipe would block the server.
  let output = '';
  const onData = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const child: Child = { process: proc, pid, exited };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (hasExited()) {
      await closed;
      const message = `redis-server exited (code ${String(proc.exitCode)}, signal ${String(proc.signalCode)}):\n${output}`;
      throw output.includes('Address already in use')
        ? new AddressInUse(message)
        : new Error(message);
    }
    // Our own server must say it is ready: a PONG alone could come from another process that
    // took the port first (then ours exits with "Address already in use").
    if (output.includes('Ready to accept connections') && (await ping(port)) && !hasExited()) {
      return child;
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`redis-server not answering PING after ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopChild(child: Child, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  process.kill(child.pid, signal);
  const escalate =
    signal === 'SIGTERM'
      ? setTimeout(() => {
          if (proc.exitCode === null && proc.signalCode === null)
            process.kill(child.pid, 'SIGKILL');
        }, 5_000)
      : undefined;
  await child.exited;
  clearTimeout(escalate);
}

/** Starts redis-server and resolves once it answers PING. Throws when the binary is missing. */
export async function startRedisProcess(options: RedisProcessOptions = {}): Promise<RedisProcess> {
  const binary = findRedisServer();
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;

  let port = options.port ?? (await freePort());
  let child: Child;
  // A port picked by freePort() can be taken before redis binds it: pick another (only when
  // the caller did not ask for a specific port).
  for (let attempt = 0; ; attempt++) {
    try {
      child = await spawnOnce(binary, port, readyTimeoutMs);
      break;
    } catch (error) {
      if (!(error instanceof AddressInUse) || options.port !== undefined || attempt >= 5) {
        throw error;
      }
      port = await freePort();
    }
  }
  const finalPort = port;

  const stop = (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> =>
    stopChild(child, signal);

  return {
    port: finalPort,
    url: `redis://127.0.0.1:${finalPort}`,
    get pid() {
      return child.pid;
    },
    get running() {
      return child.process.exitCode === null && child.process.signalCode === null;
    },
    stop,
    async restart() {
      await stop('SIGTERM');
      // The port can stay busy for a moment after the old server exits: retry briefly.
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          child = await spawnOnce(binary, finalPort, readyTimeoutMs);
          return;
        } catch (error) {
          if (!(error instanceof AddressInUse) || Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
  };
}
