/**
 * A tiny hash router: the whole app lives on one page (the SMART redirect comes back to
 * it, and Electron serves it from `app://`), so routes sit in `location.hash`.
 *
 * Routes: `#/search` (default), `#/monitoring` (remote-monitoring triage), `#/ips`
 * (cross-border patient summaries), `#/audit` (the clinician's own audit trail), `#/patient/<id>`,
 * `#/patient/<id>/<section>`, `#/settings` (effective settings, clinic-set ones locked).
 */
import { useCallback, useSyncExternalStore } from 'react';

export type Route =
  | { name: 'search' }
  | { name: 'monitoring' }
  | { name: 'ips' }
  | { name: 'settings' }
  | { name: 'audit' }
  | { name: 'patient'; patientId: string; section?: string }
  | { name: 'not-found'; hash: string };

/** FHIR ids: [A-Za-z0-9\-\.]{1,64} (R4 datatypes §id). */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/search') return { name: 'search' };
  if (path === '/monitoring') return { name: 'monitoring' };
  if (path === '/ips') return { name: 'ips' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/audit') return { name: 'audit' };
  const parts = path.split('/').slice(1).map(safeDecode);
  if (parts[0] === 'patient' && parts[1] && FHIR_ID.test(parts[1]) && parts.length <= 3) {
    return parts[2]
      ? { name: 'patient', patientId: parts[1], section: parts[2] }
      : { name: 'patient', patientId: parts[1] };
  }
  return { name: 'not-found', hash };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'search':
      return '#/search';
    case 'monitoring':
      return '#/monitoring';
    case 'ips':
      return '#/ips';
    case 'settings':
      return '#/settings';
    case 'audit':
      return '#/audit';
    case 'patient':
      return `#/patient/${encodeURIComponent(route.patientId)}${
        route.section ? `/${encodeURIComponent(route.section)}` : ''
      }`;
    case 'not-found':
      return route.hash;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

/** The current route, re-rendering on `hashchange`. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, () => '');
  return parseRoute(hash);
}

/** Go to a route (adds a history entry, so Back works). */
export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

export function useNavigate(): (route: Route) => void {
  return useCallback((route: Route) => navigate(route), []);
}
