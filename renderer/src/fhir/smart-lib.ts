/**
 * The slice of fhirclient this app uses, behind an interface so tests pass a fake and the
 * library itself is loaded only in the browser bundle (its Node entry needs `http`).
 */
import type { fhirclient } from 'fhirclient/lib/types';

export type SmartClientState = fhirclient.ClientState;
export type AuthorizeParams = fhirclient.AuthorizeParams;

/** What we need from fhirclient's `Client`. */
export interface SmartClient {
  readonly state: SmartClientState;
  /** Exchanges the refresh token; rejects when the server refuses it. */
  refresh(): Promise<unknown>;
  getIdToken(): fhirclient.IDToken | null;
  getFhirUser(): string | null;
}

export interface SmartLib {
  /** Starts authorization; with `noRedirect` resolves to the authorize URL. */
  authorize: (params: AuthorizeParams) => Promise<string | undefined>;
  /** Completes authorization (code from the page URL, or passed explicitly). */
  ready: (options?: fhirclient.ReadyOptions) => Promise<SmartClient>;
  /** Rebuilds a client from a saved state (token restore after reload). */
  client: (state: SmartClientState) => SmartClient;
}

/** fhirclient's sessionStorage entry pointing at the current state key. */
export const FHIRCLIENT_SMART_KEY = 'SMART_KEY';

/** Loads fhirclient's browser build (Vite resolves its `browser` field). */
export async function loadFhirclient(): Promise<SmartLib> {
  const mod = await import('fhirclient');
  const FHIR = mod.default;
  return {
    authorize: async (params) => {
      const url = await FHIR.oauth2.authorize(params);
      return typeof url === 'string' ? url : undefined;
    },
    ready: (options) => FHIR.oauth2.ready(options),
    client: (state) => FHIR.client(state),
  };
}
