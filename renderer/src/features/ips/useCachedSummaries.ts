/**
 * The cached summaries of a patient (or of none), kept current with the encrypted cache, and a
 * way to open one offline. Without an offline layer there is nothing cached: `available` false.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { IpsCacheListing, IpsOpenResult } from '../../offline/ips-cache';
import { useIpsCache } from './useIpsImporter';

export interface CachedSummaries {
  /** False when this session has no offline cache (nothing is kept). */
  readonly available: boolean;
  /** Undefined while the first listing loads. */
  readonly listing: IpsCacheListing | undefined;
  /** Set when the cache could not be read. */
  readonly error: string | undefined;
  readonly open: (id: string) => Promise<IpsOpenResult>;
}

interface Watched {
  /** Which cache and patient the state belongs to: a new patient never shows the old list. */
  readonly key: object;
  readonly listing?: IpsCacheListing | undefined;
  readonly error?: string | undefined;
}

export function useCachedSummaries(patientId: string | undefined): CachedSummaries {
  const cache = useIpsCache();
  const key = useMemo(() => ({ cache, patientId }), [cache, patientId]);
  const [watched, setWatched] = useState<Watched | undefined>();
  useEffect(() => {
    if (!cache) return undefined;
    return cache.watch(
      patientId,
      (listing) => setWatched({ key, listing }),
      (e: unknown) =>
        setWatched((prev) => ({
          key,
          listing: prev?.key === key ? prev.listing : undefined,
          error: e instanceof Error ? e.message : String(e),
        })),
    );
  }, [cache, patientId, key]);
  const current = watched?.key === key ? watched : undefined;
  const open = useCallback(
    (id: string): Promise<IpsOpenResult> =>
      cache ? cache.open(id, patientId) : Promise.resolve({ ok: false, reason: 'not-found' }),
    [cache, patientId],
  );
  return {
    available: cache !== undefined,
    listing: current?.listing,
    error: current?.error,
    open,
  };
}
