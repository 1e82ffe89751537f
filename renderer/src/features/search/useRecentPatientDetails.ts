/**
 * The Patient resources behind the recent list, read when the list is shown (the list
 * itself stores ids only). One batch search `Patient?_id=a,b,c` fetches the ids not yet
 * known; ids the server does not return (deleted, not permitted) are shown as unavailable.
 * @see https://hl7.org/fhir/R4/search.html#id
 */
import type { Patient } from 'fhir/r4';
import { useCallback, useEffect, useState } from 'react';
import { useFhir } from '../../fhir/FhirProvider';

export type RecentDetails =
  | { k: 'loading' }
  | { k: 'error'; error: unknown }
  /** `null`: the server did not return this patient. */
  | { k: 'done'; byId: ReadonlyMap<string, Patient | null> };

interface Cache {
  byId: Map<string, Patient | null>;
  /** The batch that failed, so the same batch is not requested in a loop. */
  failed?: { ids: string; error: unknown };
}

/** Details for `ids`, and `retry` after a failed batch. */
export function useRecentPatientDetails(ids: readonly string[]): {
  details: RecentDetails;
  retry: () => void;
} {
  const api = useFhir();
  const [cache, setCache] = useState<Cache>(() => ({ byId: new Map() }));
  const missing = ids.filter((id) => !cache.byId.has(id));
  const missingKey = missing.join(',');

  useEffect(() => {
    if (missingKey === '' || cache.failed?.ids === missingKey) return;
    const controller = new AbortController();
    const wanted = missingKey.split(',');
    api
      .search('Patient', { _id: missingKey, _count: String(wanted.length) }, controller.signal)
      .then((bundle) => {
        if (controller.signal.aborted) return;
        setCache((previous) => {
          const byId = new Map(previous.byId);
          for (const id of wanted) byId.set(id, null);
          for (const entry of bundle.entry ?? []) {
            const resource = entry.resource;
            if (resource?.resourceType === 'Patient' && resource.id && byId.has(resource.id)) {
              byId.set(resource.id, resource as Patient);
            }
          }
          return { byId };
        });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setCache((previous) => ({ ...previous, failed: { ids: missingKey, error } }));
        }
      });
    return () => controller.abort();
  }, [api, missingKey, cache.failed]);

  const retry = useCallback(() => setCache((previous) => ({ byId: previous.byId })), []);
  if (missing.length === 0) return { details: { k: 'done', byId: cache.byId }, retry };
  if (cache.failed?.ids === missingKey) {
    return { details: { k: 'error', error: cache.failed.error }, retry };
  }
  return { details: { k: 'loading' }, retry };
}
