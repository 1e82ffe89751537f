/**
 * The one path every imported IPS text takes — file, contact point or `$summary`: validate and
 * parse it completely, cache it encrypted (when the offline layer is up), record the import in
 * the audit trail, and hand the parsed document to the view. A text that fails validation is
 * neither shown nor cached; a cache write that fails still shows the document, with a warning.
 */
import { useCallback, useMemo } from 'react';
import { documentOrigin } from '../../../../shared/ips/document-origin';
import type { IpsDocument } from '../../../../shared/ips/model';
import type { IpsImportSource } from '../../../../shared/ips/import-source';
import { parseIpsText } from '../../../../shared/ips/parse';
import { IpsCache, type CachedIpsSummary } from '../../offline/ips-cache';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { useAudit } from '../audit/useAudit';

/** An error for the import form: an `ips:` i18n key and the technical detail as produced. */
export interface ImportError {
  readonly key: string;
  readonly detail?: string | undefined;
}

/** A document on screen and where it came from. */
export interface ShownIpsDocument {
  readonly doc: IpsDocument;
  readonly source: IpsImportSource;
  /** The cached copy; undefined when the document was not cached. */
  readonly summary: CachedIpsSummary | undefined;
  /** Why it was not cached ('no-cache': no offline layer in this session). */
  readonly notCached?: { readonly reason: 'no-cache' | 'storage-failed'; readonly detail?: string };
}

export type ImportOutcome =
  ({ readonly ok: true } & ShownIpsDocument) | { readonly ok: false; readonly error: ImportError };

/** Audit detail: an ISO country code only (the audit entry takes no free text). */
export function auditCountry(country: string | undefined): string | undefined {
  return country !== undefined && /^[A-Z]{2}$/.test(country) ? country : undefined;
}

/** The encrypted IPS cache of the signed-in scope, or undefined without an offline layer. */
export function useIpsCache(): IpsCache | undefined {
  const offline = useOptionalOffline();
  const store = offline?.scope.store;
  return useMemo(() => (store ? new IpsCache(store) : undefined), [store]);
}

/**
 * Returns `importText(text, source)`. `patientId` is the chart the import belongs to
 * (undefined on the stand-alone IPS screen).
 */
export function useIpsImporter(
  patientId: string | undefined,
): (text: string, source: IpsImportSource) => Promise<ImportOutcome> {
  const cache = useIpsCache();
  const audit = useAudit();
  return useCallback(
    async (text: string, source: IpsImportSource): Promise<ImportOutcome> => {
      let shown: ShownIpsDocument;
      if (cache) {
        const saved = await cache.save({ text, source, patientId });
        if (saved.ok) {
          shown = { doc: saved.doc, source, summary: saved.summary };
        } else if (saved.error.code === 'storage-failed') {
          const parsed = parseIpsText(text);
          if (!parsed.ok) return { ok: false, error: { key: `error.${parsed.error.code}` } };
          shown = {
            doc: parsed.doc,
            source,
            summary: undefined,
            notCached: { reason: 'storage-failed', detail: saved.error.message },
          };
        } else {
          return {
            ok: false,
            error: { key: `error.${saved.error.code}`, detail: saved.error.message },
          };
        }
      } else {
        const parsed = parseIpsText(text);
        if (!parsed.ok) {
          return {
            ok: false,
            error: { key: `error.${parsed.error.code}`, detail: parsed.error.message },
          };
        }
        shown = { doc: parsed.doc, source, summary: undefined, notCached: { reason: 'no-cache' } };
      }
      const country = auditCountry(
        source.kind === 'ncp' ? source.country : documentOrigin(shown.doc).country,
      );
      await audit({
        action: 'ips-imported',
        ...(patientId === undefined ? {} : { patient: `Patient/${patientId}` }),
        ...(country === undefined ? {} : { detail: country }),
      });
      return { ok: true, ...shown };
    },
    [cache, audit, patientId],
  );
}
