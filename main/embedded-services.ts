/**
 * The embedded services (today: the SMART sandbox from server/sandbox) that main starts
 * when no FHIR server is configured, and stops before the app quits so its port and files
 * are released.
 */
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

export interface EmbeddedServicesOptions {
  startSandbox: StartSandbox;
  /** Where the sandbox's EHR-launch simulator sends the clinician: our deep link. */
  appLaunchUrl: string;
  dataDirs?: string[];
  log?: (line: string) => void;
}

export class EmbeddedServices {
  private starting: Promise<RunningSandbox> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: EmbeddedServicesOptions) {}

  /** Start once; later calls return the same sandbox. A failed start can be retried. */
  start(): Promise<RunningSandbox> {
    if (this.stopping) return Promise.reject(new Error('Embedded services are shutting down'));
    this.starting ??= this.options
      .startSandbox({
        appLaunchUrl: this.options.appLaunchUrl,
        // The renderer's fetches come from app://workstation, which is not a loopback origin.
        corsOrigins: [APP_ORIGIN],
        ...(this.options.dataDirs ? { dataDirs: this.options.dataDirs } : {}),
        ...(this.options.log ? { log: this.options.log } : {}),
      })
      .catch((error: unknown) => {
        this.starting = undefined;
        throw error;
      });
    return this.starting;
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
