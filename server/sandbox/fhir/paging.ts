/**
 * Stable paging for searches and $everything. The first request stores the full ordered list
 * of matching keys as a snapshot; `next` links name that snapshot and an offset
 * (`?_getpages=<id>&_getpagesoffset=<n>&_count=<n>`, the HAPI convention), so paging visits
 * every match exactly once even when resources are written between pages. Snapshots expire
 * after 30 minutes (then 410 Gone, re-run the search) and only the token subject/patient that
 * created a snapshot may page through it.
 */
import { randomUUID } from 'node:crypto';
import { HttpError } from '../http/errors';
import type { ResourceStore } from './store';
import type { StoredResource } from './types';

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1000;
const SNAPSHOT_TTL_MS = 30 * 60_000;
const MAX_SNAPSHOTS = 200;

interface Snapshot {
  keys: string[];
  owner: string;
  expires: number;
  outcome?: Record<string, unknown>;
}

/** Parses `_count`: default 50, capped at 1000, 0 allowed (total only). */
export function parseCount(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_COUNT;
  if (!/^\d+$/.test(raw))
    throw new HttpError(400, `Invalid _count "${raw}": expected a non-negative integer`);
  return Math.min(Number(raw), MAX_COUNT);
}

export class Pager {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly store: ResourceStore,
    private readonly fhirBaseUrl: string,
  ) {}

  /** Builds the first page of a new result set. */
  firstPage(
    matches: StoredResource[],
    options: { owner: string; selfUrl: string; count: number; outcome?: Record<string, unknown> },
  ): Record<string, unknown> {
    const keys = matches.map((r) => `${r.resourceType}/${r.id}`);
    const id = this.save({
      keys,
      owner: options.owner,
      expires: Date.now() + SNAPSHOT_TTL_MS,
      outcome: options.outcome,
    });
    return this.page(id, keys, 0, options.count, options.selfUrl, options.outcome);
  }

  /** Answers a `_getpages` request. */
  nextPage(query: URLSearchParams, owner: string): Record<string, unknown> {
    const id = query.get('_getpages') ?? '';
    const snapshot = this.snapshots.get(id);
    if (!snapshot || snapshot.expires < Date.now()) {
      this.snapshots.delete(id);
      throw new HttpError(410, 'These search results have expired; run the search again');
    }
    if (snapshot.owner !== owner)
      throw new HttpError(403, 'These search results belong to another session');
    const rawOffset = query.get('_getpagesoffset') ?? '0';
    if (!/^\d+$/.test(rawOffset))
      throw new HttpError(400, `Invalid _getpagesoffset "${rawOffset}"`);
    const count = parseCount(query.get('_count'));
    const selfUrl = `${this.fhirBaseUrl}?${query.toString()}`;
    return this.page(id, snapshot.keys, Number(rawOffset), count, selfUrl);
  }

  private save(snapshot: Snapshot): string {
    const now = Date.now();
    for (const [key, s] of this.snapshots) {
      if (s.expires < now || this.snapshots.size >= MAX_SNAPSHOTS) this.snapshots.delete(key);
      else break;
    }
    const id = randomUUID();
    this.snapshots.set(id, snapshot);
    return id;
  }

  private page(
    id: string,
    keys: string[],
    offset: number,
    count: number,
    selfUrl: string,
    outcome?: Record<string, unknown>,
  ): Record<string, unknown> {
    const pageUrl = (o: number): string =>
      `${this.fhirBaseUrl}?_getpages=${id}&_getpagesoffset=${o}&_count=${count}`;
    const link: { relation: string; url: string }[] = [{ relation: 'self', url: selfUrl }];
    if (count > 0) {
      link.push({ relation: 'first', url: pageUrl(0) });
      if (offset + count < keys.length)
        link.push({ relation: 'next', url: pageUrl(offset + count) });
      if (offset > 0)
        link.push({ relation: 'previous', url: pageUrl(Math.max(0, offset - count)) });
    }
    const entry: Record<string, unknown>[] = [];
    for (const key of keys.slice(offset, offset + count)) {
      const slash = key.indexOf('/');
      const resource = this.store.get(key.slice(0, slash), key.slice(slash + 1));
      if (!resource) continue;
      entry.push({ fullUrl: `${this.fhirBaseUrl}/${key}`, resource, search: { mode: 'match' } });
    }
    if (outcome) entry.push({ resource: outcome, search: { mode: 'outcome' } });
    return {
      resourceType: 'Bundle',
      id: randomUUID(),
      meta: { lastUpdated: new Date().toISOString() },
      type: 'searchset',
      total: keys.length,
      link,
      entry,
    };
  }
}
