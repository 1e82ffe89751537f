/**
 * Keeps the access token fresh for the signed-in session: refreshes shortly before
 * `expiresAt`, deduplicates concurrent refreshes, persists every new token state through
 * `host.secrets`, and reports when only a new sign-in can help. The client can be swapped
 * after a re-sign-in without remounting the views that hold the FhirApi.
 */
import type { SmartClient, SmartClientState } from './smart-lib';

/** Refresh this long before the access token expires. */
export const REFRESH_LEAD_MS = 60_000;

export interface TokenKeeperOptions {
  /** Persist the state after a successful refresh. */
  save: (state: SmartClientState) => Promise<void>;
  /** The session can no longer get tokens: ask the user to sign in again. */
  onSignInNeeded: () => void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class TokenKeeper {
  private client: SmartClient;
  private refreshing: Promise<boolean> | null = null;
  private timer: unknown;
  private disposed = false;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    client: SmartClient,
    private readonly options: TokenKeeperOptions,
  ) {
    this.client = client;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.schedule();
  }

  get accessToken(): string | undefined {
    return this.client.state.tokenResponse?.access_token;
  }

  get state(): SmartClientState {
    return this.client.state;
  }

  /** After a re-sign-in: continue with the new client. */
  replaceClient(client: SmartClient): void {
    this.client = client;
    this.schedule();
  }

  /** Refresh now (shared by concurrent callers). Resolves false when it failed. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private async doRefresh(): Promise<boolean> {
    const client = this.client;
    try {
      if (!client.state.tokenResponse?.refresh_token) throw new Error('no refresh token');
      await client.refresh();
    } catch {
      if (!this.disposed && client === this.client) this.options.onSignInNeeded();
      return false;
    }
    if (this.disposed) return false;
    await this.options.save(client.state).catch(() => undefined);
    this.schedule();
    return true;
  }

  private schedule(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    if (this.disposed) return;
    const expiresAt = this.client.state.expiresAt;
    if (expiresAt === undefined) return;
    const delay = Math.max(0, expiresAt * 1000 - REFRESH_LEAD_MS - this.now());
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }
}
