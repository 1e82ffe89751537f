/**
 * The browser host: serves the built renderer on 127.0.0.1 together with the embedded
 * sandbox, so the same workstation runs in plain Chromium. It is what `npm start` falls back
 * to when the Electron binary is unavailable, and what every E2E test drives.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_CLIENT_ID, type AppConfig } from '../../shared/config/app-config';
import { signalingConnectOrigins } from '../../shared/signaling/protocol';
import { loadConfigFile, resolveWebHostConfig } from './config';
import { randomBytes } from 'node:crypto';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/index';
import { registerBackendClient } from '../sandbox/auth/backend-services';
import { embeddedCompanion, type EmbeddedCompanion } from '../signaling/companion/embedded';
import { jwksClinicianVerifier } from '../signaling/clinician-auth';
import { startSignalingServer, type SignalingServer } from '../signaling/server';
import { turnCredentials } from '../signaling/turn';
import { readStaticFile } from './static-files';
import { buildBrowserHostCsp, securityHeaders } from './security-headers';

export { loadConfigFile, resolveWebHostConfig };

export interface WebHostOptions {
  /** Port for the app; 0 picks a free one. Always bound to 127.0.0.1. */
  port?: number;
  /** Folder with the built renderer (out/renderer). */
  rendererDir: string;
  /**
   * Configuration file (see README "Point it at a real SMART server"). When it lists no
   * server, the embedded sandbox is started and offered.
   */
  configFile?: string;
  /**
   * The clinic's machine-wide file (shared/config/managed-path.ts; the CLI passes
   * `--managed-config`, `CW_MANAGED_CONFIG` or the platform path). Its settings override the
   * `configFile`'s field by field; when it is unusable the app shows an error screen naming
   * the file and the field, and neither configured servers nor the sandbox are offered.
   */
  managedConfigFile?: string;
  /** Options for the embedded sandbox (port, data folders, seed, state folder). */
  sandbox?: Omit<SandboxOptions, 'appLaunchUrl'>;
  /**
   * A sandbox running in its own process (`npm run sandbox -- --app-launch-url <this host's
   * URL>`), offered in place of the embedded one (same rule: only when the config file lists no
   * server). Then no sandbox is started here and `sandbox` options are ignored, so tests can
   * kill and restart the sandbox without the app's host.
   */
  externalSandbox?: { fhirBaseUrl: string };
  /** TURN for the embedded signaling service (coturn with `--use-auth-secret`). */
  turn?: { urls: string[]; secret: string; relayOnly?: boolean };
  log?: (line: string) => void;
}

export interface WebHost {
  url: string;
  config: AppConfig;
  /** True when the machine-wide file is unusable (the app shows its error screen). */
  blocked: boolean;
  /** The sandbox started here, if any (none when external or when servers are configured). */
  sandbox: Sandbox | undefined;
  /** FHIR base URL of the sandbox entry in `config` (embedded or external), if offered. */
  sandboxFhirBaseUrl: string | undefined;
  /** The embedded signaling service (started with the sandbox when none is configured). */
  signaling: SignalingServer | undefined;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? (() => undefined);
  const combined = await resolveWebHostConfig({
    configFile: options.configFile,
    managedConfigFile: options.managedConfigFile,
  });
  for (const problem of combined.config.problems ?? []) {
    log(`configuration problem: ${problem.file.path}: ${problem.field}: ${problem.message}`);
  }
  const fileConfig = combined.config;
  let config: AppConfig = fileConfig;
  let csp = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`web host error: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
      res.end('Method not allowed');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/config.json') {
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        ...securityHeaders(csp),
      });
      res.end(JSON.stringify(config));
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok' }));
      return;
    }
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Cache-Control': file.contentType.startsWith('text/html')
        ? 'no-store'
        : 'public, max-age=300',
      ...securityHeaders(csp),
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;

  let sandbox: Sandbox | undefined;
  let sandboxFhirBaseUrl: string | undefined;
  if (!combined.blocked && fileConfig.servers.length === 0) {
    if (options.externalSandbox) {
      sandboxFhirBaseUrl = options.externalSandbox.fhirBaseUrl;
    } else {
      try {
        sandbox = await startSandbox({ ...options.sandbox, appLaunchUrl: url, log });
      } catch (error) {
        await new Promise<void>((r) => server.close(() => r()));
        throw error;
      }
      sandboxFhirBaseUrl = sandbox.fhirBaseUrl;
    }
    config = {
      // Every other setting (clinic locks, problems, a configured signaling service) is kept.
      ...fileConfig,
      servers: [
        {
          id: 'sandbox',
          name: 'Embedded sandbox',
          fhirBaseUrl: sandboxFhirBaseUrl,
          clientId: SANDBOX_CLIENT_ID,
          embedded: true,
        },
      ],
      defaultServerId: 'sandbox',
    };
  }
  // Video consultations: an embedded signaling service that trusts the sandbox's tokens, when
  // the configuration names none. It also serves the patient page (patient.html) and, with a
  // sandbox in this process, the patient's monitoring link (its key registered right here).
  let signaling: SignalingServer | undefined;
  let companion: EmbeddedCompanion | undefined;
  if (sandboxFhirBaseUrl && !config.consult) {
    try {
      if (sandbox) companion = await embeddedCompanion(sandbox, registerBackendClient);
      signaling = await startSignalingServer({
        secret: randomBytes(32).toString('base64url'),
        verifyClinician: jwksClinicianVerifier([
          {
            issuer: sandboxFhirBaseUrl,
            jwksUrl: `${new URL(sandboxFhirBaseUrl).origin}/auth/jwks`,
          },
        ]),
        corsOrigins: [new URL(url).origin],
        patientPageDir: options.rendererDir,
        ...(companion ? { companion: companion.options } : {}),
        ...(options.turn
          ? {
              iceServers: (id: string) => {
                const turn = options.turn;
                return turn ? [turnCredentials({ urls: turn.urls, secret: turn.secret }, id)] : [];
              },
              relayOnly: options.turn.relayOnly === true,
            }
          : {}),
        log,
      });
    } catch (error) {
      companion?.release();
      await sandbox?.close();
      await new Promise<void>((r) => server.close(() => r()));
      throw error;
    }
    config = { ...config, consult: { signalingUrl: signaling.url } };
  }
  const configuredOrigins = config.servers.map((s) => new URL(s.fhirBaseUrl).origin);
  if (config.consult) {
    configuredOrigins.push(...signalingConnectOrigins(config.consult.signalingUrl));
  }
  // https: and loopback stay open so a clinician can add a server at run time.
  csp = buildBrowserHostCsp([
    ...configuredOrigins,
    'https:',
    'http://127.0.0.1:*',
    'http://localhost:*',
  ]);

  return {
    url,
    config,
    blocked: combined.blocked,
    sandbox,
    sandboxFhirBaseUrl,
    signaling,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await signaling?.close();
      companion?.release();
      await sandbox?.close();
    },
  };
}
