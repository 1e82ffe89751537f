/**
 * Server-side OAuth state, all in memory with expiry: pending authorizations (between the
 * sign-in form and the redirect), EHR launch contexts, authorization codes (single use, 60 s)
 * and refresh tokens (rotated on every use; reusing a spent one revokes its whole family,
 * per https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2).
 *
 * Refresh state can be kept across restarts (state/grant-file.ts): it is held by SHA-256 of the
 * token, so the kept file never contains a usable refresh token.
 */
import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: ids for codes, tokens, pending requests, launches. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope: string[];
  state: string;
  codeChallenge: string;
  launchPatient?: string;
}

export interface PendingAuthorization extends AuthorizeRequest {
  expires: number;
  username?: string;
}

export interface Grant {
  clientId: string;
  username: string;
  scope: string[];
  patient?: string;
}

export interface CodeGrant extends Grant {
  redirectUri: string;
  codeChallenge: string;
  expires: number;
}

export interface RefreshGrant extends Grant {
  family: string;
  expires: number;
}

/** Everything about refresh tokens that must survive a restart; keys are token hashes. */
export interface RefreshState {
  refresh: [string, RefreshGrant][];
  spent: [string, { family: string; expires: number }][];
  revokedFamilies: string[];
}

/** Where refresh state is kept: `initial` is loaded at start, `save` runs after every change. */
export interface RefreshPersistence {
  initial?: RefreshState;
  save(state: RefreshState): void;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

const PENDING_TTL_MS = 15 * 60_000;
const LAUNCH_TTL_MS = 60 * 60_000;
export const CODE_TTL_MS = 60_000;

function sweep<T extends { expires: number }>(map: Map<string, T>): void {
  const now = Date.now();
  for (const [key, value] of map) if (value.expires < now) map.delete(key);
}

export class GrantStore {
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly launches = new Map<string, { patientId: string; expires: number }>();
  private readonly codes = new Map<string, CodeGrant>();
  /** Keyed by tokenHash(refresh token). */
  private readonly refresh: Map<string, RefreshGrant>;
  private readonly spentRefresh: Map<string, { family: string; expires: number }>;
  private readonly revokedFamilies: Set<string>;

  constructor(
    private readonly refreshLifetimeMs: number,
    private readonly persistence?: RefreshPersistence,
  ) {
    const initial = persistence?.initial;
    this.refresh = new Map(initial?.refresh);
    this.spentRefresh = new Map(initial?.spent);
    this.revokedFamilies = new Set(initial?.revokedFamilies);
  }

  /** Persists refresh state before the caller answers (synchronous, see state/files.ts). */
  private saveRefresh(): void {
    if (!this.persistence) return;
    sweep(this.refresh);
    sweep(this.spentRefresh);
    this.persistence.save({
      refresh: [...this.refresh],
      spent: [...this.spentRefresh],
      revokedFamilies: [...this.revokedFamilies],
    });
  }

  addPending(request: AuthorizeRequest): string {
    sweep(this.pending);
    const id = randomToken();
    this.pending.set(id, { ...request, expires: Date.now() + PENDING_TTL_MS });
    return id;
  }

  getPending(id: string): PendingAuthorization | undefined {
    const p = this.pending.get(id);
    return p && p.expires >= Date.now() ? p : undefined;
  }

  finishPending(id: string): void {
    this.pending.delete(id);
  }

  addLaunch(patientId: string): string {
    sweep(this.launches);
    const id = randomToken().slice(0, 22);
    this.launches.set(id, { patientId, expires: Date.now() + LAUNCH_TTL_MS });
    return id;
  }

  getLaunchPatient(id: string): string | undefined {
    const l = this.launches.get(id);
    return l && l.expires >= Date.now() ? l.patientId : undefined;
  }

  issueCode(grant: Omit<CodeGrant, 'expires'>): string {
    sweep(this.codes);
    const code = randomToken();
    this.codes.set(code, { ...grant, expires: Date.now() + CODE_TTL_MS });
    return code;
  }

  /** Single use: the code is gone after the first attempt, successful or not. */
  takeCode(code: string): CodeGrant | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant && grant.expires >= Date.now() ? grant : undefined;
  }

  issueRefresh(grant: Grant, family = randomToken()): string {
    const token = this.addRefresh(grant, family);
    this.saveRefresh();
    return token;
  }

  private addRefresh(grant: Grant, family: string): string {
    const token = randomToken();
    this.refresh.set(tokenHash(token), {
      ...grant,
      family,
      expires: Date.now() + this.refreshLifetimeMs,
    });
    return token;
  }

  /** Redeems a refresh token once, returning its grant and a rotated replacement. */
  rotateRefresh(token: string): { grant: Grant; next: string } | { error: string } {
    const key = tokenHash(token);
    const current = this.refresh.get(key);
    if (!current) {
      const spent = this.spentRefresh.get(key);
      if (spent) {
        this.revokedFamilies.add(spent.family);
        for (const [t, g] of this.refresh) if (g.family === spent.family) this.refresh.delete(t);
        this.saveRefresh();
        return {
          error: 'The refresh token was already used; all tokens from this sign-in are revoked',
        };
      }
      return { error: 'Unknown refresh token' };
    }
    this.refresh.delete(key);
    this.spentRefresh.set(key, { family: current.family, expires: current.expires });
    let result: { grant: Grant; next: string } | { error: string };
    if (current.expires < Date.now()) result = { error: 'The refresh token expired' };
    else if (this.revokedFamilies.has(current.family))
      result = { error: 'The refresh token was revoked' };
    else {
      const { family, expires: _expires, ...grant } = current;
      result = { grant, next: this.addRefresh(grant, family) };
    }
    this.saveRefresh();
    return result;
  }
}
