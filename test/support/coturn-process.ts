/**
 * Runs Debian's coturn (`turnserver`) as a child process on 127.0.0.1 with the TURN REST API
 * shared secret (`--use-auth-secret`), on a free port and a small relay port range, so tests can
 * prove that credentials from server/signaling/turn.ts get a real relay. Only ever signals the
 * PID it spawned; children still running when the test process exits are killed.
 *
 * Needs the binary: `apt-get install -y --no-install-recommends coturn` (or set TURNSERVER_PATH).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { freePort } from './sandbox-process';
import { trackChild } from './live-children';

const HOST = '127.0.0.1';

export interface CoturnOptions {
  /** Shared secret (`--static-auth-secret`); default: 32 random bytes, hex. */
  secret?: string;
  /** Default `workstation.test`. */
  realm?: string;
  /** How many UDP relay ports (`--min-port`..`--max-port`); default 40. */
  relayPortCount?: number;
  /** How long to wait for the server to answer STUN (default 15 s). */
  readyTimeoutMs?: number;
}

export interface CoturnProcess {
  host: typeof HOST;
  /** STUN/TURN listening port (UDP and TCP). */
  port: number;
  secret: string;
  realm: string;
  /** Relay (allocation) port range. */
  minPort: number;
  maxPort: number;
  /** `turn:127.0.0.1:<port>?transport=udp` */
  turnUrl: string;
  pid: number;
  readonly running: boolean;
  /** Everything the server has logged so far (the tail, up to 1 MB). */
  log(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "coturn's turnserver binary was not found. Install it with " +
  '`sudo apt-get install -y --no-install-recommends coturn` (Debian/Ubuntu; .ci/run does this) ' +
  'or set TURNSERVER_PATH to the binary.';

export function turnserverExecutable(): string {
  const fromEnv = process.env.TURNSERVER_PATH;
  const candidates =
    fromEnv !== undefined && fromEnv.length > 0
      ? [fromEnv]
      : [
          ...(process.env.PATH ?? '').split(delimiter).filter((d) => d.length > 0),
          '/usr/bin',
          '/usr/sbin',
          '/usr/local/bin',
        ].map((dir) => join(dir, 'turnserver'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Try the next one.
    }
  }
  throw new Error(`${INSTALL_HINT} (looked for: ${candidates.join(', ')})`);
}

/** Whether a UDP port on 127.0.0.1 can be bound right now. */
function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolveFree(false);
    });
    socket.bind(port, HOST, () => {
      socket.close(() => resolveFree(true));
    });
  });
}

/** A port free for both TCP and UDP on 127.0.0.1 (coturn listens on both). */
async function freeListeningPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    if (await udpPortFree(port)) return port;
  }
  throw new Error('no port free for both TCP and UDP on 127.0.0.1');
}

/**
 * A run of `count` UDP ports that are all free now, below Linux's ephemeral range (32768+) so
 * the kernel does not hand them out to other sockets meanwhile. coturn also skips a relay port
 * it cannot bind, so "free-ish" is enough.
 */
async function freeRelayRange(count: number, avoid: number): Promise<[number, number]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const min = 20_000 + Math.floor(Math.random() * (12_000 - count));
    const max = min + count - 1;
    if (avoid >= min && avoid <= max) continue;
    const ports = Array.from({ length: count }, (_, i) => min + i);
    const free = await Promise.all(ports.map(udpPortFree));
    if (free.every(Boolean)) return [min, max];
  }
  throw new Error(`no run of ${count} free UDP ports found in 20000-31999`);
}

/** A STUN Binding request (RFC 8489): answered once coturn's UDP listener is up. */
function stunBindingAnswered(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolveAnswered) => {
    const socket = createSocket('udp4');
    const transactionId = randomBytes(12);
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0); // Binding request
    request.writeUInt16BE(0, 2); // no attributes
    request.writeUInt32BE(0x2112a442, 4); // magic cookie
    transactionId.copy(request, 8);
    const done = (answered: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolveAnswered(answered);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('error', () => done(false));
    socket.on('message', (message) => {
      if (
        message.length >= 20 &&
        message.readUInt16BE(0) === 0x0101 && // Binding success response
        message.subarray(8, 20).equals(transactionId)
      ) {
        done(true);
      }
    });
    socket.send(request, port, HOST);
  });
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolveAccepts) => {
    const socket = connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolveAccepts(true);
    });
    socket.once('error', () => resolveAccepts(false));
  });
}

class PortTaken extends Error {}

interface Started {
  proc: ChildProcess;
  pid: number;
  exited: Promise<void>;
  log: () => string;
}

async function spawnReady(
  binary: string,
  args: string[],
  port: number,
  timeoutMs: number,
): Promise<Started> {
  const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = proc.pid;
  if (pid === undefined) {
    // spawn reports ENOENT/EACCES asynchronously; surface it.
    const reason = await new Promise<string>((r) => proc.once('error', (e) => r(e.message)));
    throw new Error(`turnserver did not start (${reason}). ${INSTALL_HINT}`);
  }
  const untrack = trackChild(pid);
  let exitStatus: string | undefined;
  const exited = new Promise<void>((resolveExit) => {
    proc.once('exit', (code, signal) => {
      untrack();
      exitStatus = signal ?? String(code);
      resolveExit();
    });
  });
  // Keep reading (a full pipe would block the server), keeping a tail.
  let output = '';
  const onData = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-1_000_000);
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  proc.on('error', (error) => onData(Buffer.from(`\n[spawn error] ${error.message}\n`)));
  const started: Started = { proc, pid, exited, log: () => output };

  const kill = async (): Promise<void> => {
    if (exitStatus === undefined) process.kill(pid, 'SIGKILL');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitStatus !== undefined) {
      throw new Error(`turnserver exited (${exitStatus}) before it was ready:\n${output}`);
    }
    if (/Cannot bind .*listener socket/.test(output)) {
      await kill();
      throw new PortTaken(output);
    }
    if ((await stunBindingAnswered(port, 200)) && (await tcpAccepts(port))) {
      // Answered, and by this process: a port conflict would have been logged by now.
      if (!/Cannot bind .*listener socket/.test(output)) return started;
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(
        `turnserver not answering STUN on ${HOST}:${port} after ${timeoutMs} ms:\n${output}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startCoturn(options: CoturnOptions = {}): Promise<CoturnProcess> {
  const binary = turnserverExecutable();
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const realm = options.realm ?? 'workstation.test';
  const relayPortCount = options.relayPortCount ?? 40;

  let started: Started | undefined;
  let port = 0;
  let minPort = 0;
  let maxPort = 0;
  for (let attempt = 1; started === undefined; attempt++) {
    port = await freeListeningPort();
    [minPort, maxPort] = await freeRelayRange(relayPortCount, port);
    const args = [
      // No config file: not /etc/turnserver.conf, nor ./turnserver.conf.
      '-n',
      `--listening-ip=${HOST}`,
      `--listening-port=${port}`,
      `--relay-ip=${HOST}`,
      `--min-port=${minPort}`,
      `--max-port=${maxPort}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      `--realm=${realm}`,
      '--no-tls',
      '--no-dtls',
      // The telnet CLI would listen on 127.0.0.1:5766 (one instance only).
      '--no-cli',
      // The relay addresses are 127.0.0.1, so each peer is a loopback address: denied by default.
      '--allow-loopback-peers',
      '--log-file=stdout',
      '--simple-log',
      // No PID file (the default, /var/run/turnserver.pid, would be shared by every instance):
      // the PID is the child's.
      '--pidfile=',
      // coturn always opens an SQLite user DB (even with only a static secret), one connection
      // per thread, and creates its tables on first use without locking: on a fresh file a
      // second auth thread can then hit "database is locked", which fails that allocation with
      // 401. In memory, each connection has its own database, so nothing is shared or locked.
      '--userdb=:memory:',
      // Logs each session's ALLOCATE / CREATE_PERMISSION result and username (tests read it).
      '--verbose',
      // Nothing dynamic to poll in that (empty) database.
      '--no-auth-pings',
      '--no-dynamic-ip-list',
      '--no-dynamic-realms',
    ];
    try {
      started = await spawnReady(binary, args, port, options.readyTimeoutMs ?? 15_000);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt >= 5) throw error;
    }
  }

  const { proc, pid, exited, log } = started;
  const running = (): boolean => proc.exitCode === null && proc.signalCode === null;
  return {
    host: HOST,
    port,
    secret,
    realm,
    minPort,
    maxPort,
    turnUrl: `turn:${HOST}:${port}?transport=udp`,
    pid,
    get running() {
      return running();
    },
    log,
    async stop() {
      if (running()) {
        process.kill(pid, 'SIGTERM');
        const escalate = setTimeout(() => {
          if (running()) process.kill(pid, 'SIGKILL');
        }, 5_000);
        await exited;
        clearTimeout(escalate);
      }
    },
  };
}
