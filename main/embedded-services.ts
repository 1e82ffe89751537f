/**
 * The embedded services that main starts when no FHIR server is configured — the SMART
 * sandbox (server/sandbox) and, for video consultations, a signaling service that trusts the
 * sandbox's tokens (server/signaling) and gives patients their monitoring link (its companion
 * registered with the sandbox as a backend service) — and stops before the app quits so their
 * ports, files and registrations are released.
 */
import type { CompanionOptions } from '../server/signaling/companion/routes';
import { APP_ORIGIN } from './app-origin';

/** What `startSandbox` from server/sandbox/index.ts returns (only what main uses). */
export interface RunningSandbox {
  origin: string;
  fhirBaseUrl: string;
  close(): Promise<void>;
}

/** The signature of `startSandbox`, injected so tests never start the real one. */
export type StartSandbox = (options?: {
  port?: number;
  dataDirs?: string[];
  appLaunchUrl?: string;
  corsOrigins?: string[];
  log?: (line: string) => void;
}) => Promise<RunningSandbox>;

/** What `startSignalingServer` returns (only what main uses). */
export interface RunningSignaling {
  url: string;
  close(): Promise<void>;
}

/** Starts a signaling service trusting the given SMART issuer (injected; tests pass fakes). */
export type StartSignaling = (options: {
  issuer: string;
  jwksUrl: string;
  corsOrigins: string[];
  /** The monitoring link's access to the sandbox, when it could be prepared. */
  companion?: CompanionOptions;
  log?: (line: string) => void;
}) => Promise<RunningSignaling>;

/** A companion registered with the sandbox (server/signaling/companion/embedded.ts). */
export interface PreparedCompanion {
  options: CompanionOptions;
  /** Withdraws the registration. */
  release(): void;
}

/** Prepares the companion for a running sandbox (injected; tests pass fakes). */
export type PrepareCompanion = (sandbox: RunningSandbox) => Promise<PreparedCompanion>;

/** The running services: the sandbox, and the signaling URL when it started. */
export type RunningServices = RunningSandbox & { signalingUrl?: string };

export interface EmbeddedServicesOptions {
  startSandbox: StartSandbox;
  /** Optional: without it (or when it fails) consultations are simply unavailable. */
  startSignaling?: StartSignaling;
  /** Optional: without it (or when it fails) signaling runs without monitoring links. */
  prepareCompanion?: PrepareCompanion;
  /** Where the sandbox's EHR-launch simulator sends the clinician: our deep link. */
  appLaunchUrl: string;
  dataDirs?: string[];
  log?: (line: string) => void;
}

export class EmbeddedServices {
  private starting: Promise<RunningServices> | undefined;
  private signaling: RunningSignaling | undefined;
  private companion: PreparedCompanion | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: EmbeddedServicesOptions) {}

  /** Start once; later calls return the same services. A failed start can be retried. */
  start(): Promise<RunningServices> {
    if (this.stopping) return Promise.reject(new Error('Embedded services are shutting down'));
    this.starting ??= this.startAll().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async startAll(): Promise<RunningServices> {
    const sandbox = await this.options.startSandbox({
      appLaunchUrl: this.options.appLaunchUrl,
      // The renderer's fetches come from app://workstation, which is not a loopback origin.
      corsOrigins: [APP_ORIGIN],
      ...(this.options.dataDirs ? { dataDirs: this.options.dataDirs } : {}),
      ...(this.options.log ? { log: this.options.log } : {}),
    });
    if (!this.options.startSignaling) return sandbox;
    await this.prepareCompanion(sandbox);
    try {
      this.signaling = await this.options.startSignaling({
        issuer: sandbox.fhirBaseUrl,
        jwksUrl: `${sandbox.origin}/auth/jwks`,
        corsOrigins: [APP_ORIGIN],
        ...(this.companion ? { companion: this.companion.options } : {}),
        ...(this.options.log ? { log: this.options.log } : {}),
      });
      return { ...sandbox, signalingUrl: this.signaling.url };
    } catch (error) {
      this.options.log?.(
        `[embedded] signaling did not start (consults unavailable): ${String(error)}`,
      );
      this.releaseCompanion();
      return sandbox;
    }
  }

  private async prepareCompanion(sandbox: RunningSandbox): Promise<void> {
    if (!this.options.prepareCompanion) return;
    try {
      this.companion = await this.options.prepareCompanion(sandbox);
    } catch (error) {
      this.options.log?.(`[embedded] monitoring links unavailable: ${String(error)}`);
    }
  }

  private releaseCompanion(): void {
    this.companion?.release();
    this.companion = undefined;
  }

  /** True once a start was requested (running or starting). */
  get started(): boolean {
    return this.starting !== undefined;
  }

  /** Stop whatever was started; safe to call repeatedly and when nothing runs. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const starting = this.starting;
      if (!starting) return;
      try {
        const sandbox = await starting;
        await this.signaling?.close();
        this.releaseCompanion();
        await sandbox.close();
        this.options.log?.('[embedded] sandbox stopped');
      } catch (error) {
        this.options.log?.(`[embedded] stop: ${String(error)}`);
      }
    })();
    return this.stopping;
  }
}

/** The slice of `app` needed to hold quitting until the services are down. */
export interface QuittableApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Hold the first `will-quit` until the services have stopped, then quit again. The second
 * `will-quit` passes straight through.
 */
export function stopServicesOnQuit(app: QuittableApp, services: EmbeddedServices): void {
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped || !services.started) return;
    event.preventDefault();
    void services.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
}
