/**
 * Imported International Patient Summaries, cached encrypted so they open offline.
 *
 * Documents live in the record store (same keys, AES-GCM packs, wiped with the scope) under a
 * namespace of their own, `ips~<patientId>` (`ips~` for documents imported without a chart):
 * the sync engine deletes whatever the server no longer returns from a patient's own packs, and
 * an imported document was never on that server. `~` cannot occur in a FHIR id, so a namespace
 * never collides with a patient, and no patient entry is created for it (the background sync
 * and the monitoring list walk patient entries only).
 *
 * Nothing is half-cached: a text is parsed and validated completely (the same `parseIpsText`
 * the viewer uses) before anything is written, and the index entry and the document go in one
 * store batch — one IndexedDB transaction.
 */
import { liveQuery } from 'dexie';
import type { IpsDocument, IpsParseError } from '../../../shared/ips/model';
import { documentOrigin } from '../../../shared/ips/document-origin';
import type { IpsImportSource } from '../../../shared/ips/import-source';
import { parseIpsText } from '../../../shared/ips/parse';
import {
  contentHash,
  fromDocumentReference,
  newDocumentId,
  textFromBinary,
  toBinary,
  toDocumentReference,
  type CachedIpsSummary,
} from './ips-cache-records';
import type { RecordStore } from './record-store';

export type { CachedIpsSummary } from './ips-cache-records';
export { sourceCountry } from './ips-cache-records';

/** Prefix of the store namespaces holding imported documents. */
export const IPS_NAMESPACE_PREFIX = 'ips~';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The store "patient" key of a patient's imported documents. */
export function ipsNamespace(patientId: string | undefined): string {
  if (patientId === undefined) return IPS_NAMESPACE_PREFIX;
  if (!FHIR_ID.test(patientId)) throw new Error(`Not a FHIR id: ${patientId}`);
  return `${IPS_NAMESPACE_PREFIX}${patientId}`;
}

/**
 * The patient a store namespace holds imports for: undefined for `ips~` (imported without a
 * chart), null when the key is not an import namespace this module could have written.
 */
function patientOfNamespace(namespace: string): string | undefined | null {
  if (!namespace.startsWith(IPS_NAMESPACE_PREFIX)) return null;
  const patientId = namespace.slice(IPS_NAMESPACE_PREFIX.length);
  if (patientId === '') return undefined;
  return FHIR_ID.test(patientId) ? patientId : null;
}

export type IpsCacheErrorCode = IpsParseError['code'] | 'storage-failed';

export type IpsSaveResult =
  | { readonly ok: true; readonly summary: CachedIpsSummary; readonly doc: IpsDocument }
  | { readonly ok: false; readonly error: { code: IpsCacheErrorCode; message: string } };

export interface IpsCacheListing {
  /** Newest import first. */
  readonly summaries: readonly CachedIpsSummary[];
  /** Index entries that could not be decrypted or read (counted, never shown half-read). */
  readonly unreadable: number;
}

export type IpsOpenResult =
  | {
      readonly ok: true;
      readonly summary: CachedIpsSummary;
      readonly doc: IpsDocument;
      /** The JSON text exactly as received. */
      readonly text: string;
    }
  | { readonly ok: false; readonly reason: 'not-found' | 'unreadable' };

const DOCUMENT_REFERENCE = 'DocumentReference';
const BINARY = 'Binary';

function listingOf(resources: readonly { resource: unknown }[], unreadable: number) {
  const summaries: CachedIpsSummary[] = [];
  let bad = unreadable;
  for (const { resource } of resources) {
    const summary = fromDocumentReference(resource);
    if (summary) summaries.push(summary);
    else bad += 1;
  }
  summaries.sort((a, b) => b.importedAt - a.importedAt || (a.id < b.id ? -1 : 1));
  return { summaries, unreadable: bad };
}

export class IpsCache {
  constructor(
    private readonly store: RecordStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Validates and parses `text`, then caches it with its origin. On any parse failure nothing
   * is written and the parse error is returned as is (the UI translates its code).
   */
  async save(input: {
    text: string;
    source: IpsImportSource;
    patientId?: string | undefined;
  }): Promise<IpsSaveResult> {
    const namespace = ipsNamespace(input.patientId);
    const parsed = parseIpsText(input.text);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const origin = documentOrigin(parsed.doc);
    const sha256 = await contentHash(input.text);
    // The same text again replaces its entry (new source and time) instead of a second copy.
    const known = (await this.list(input.patientId)).summaries.find((s) => s.sha256 === sha256);
    const id = known?.id ?? newDocumentId();
    const importedAt = this.now();
    const summary: CachedIpsSummary = {
      id,
      sha256,
      patientId: input.patientId,
      importedAt,
      source: input.source,
      documentCountry: origin.country,
      authors: origin.authors,
      documentDate: origin.date,
      title: origin.title,
      language: origin.language,
      size: input.text.length,
    };
    try {
      await this.store.writeBatch({
        patientId: namespace,
        resources: [toDocumentReference(summary), toBinary(id, input.text)],
        source:
          input.source.kind === 'summary' ? input.source.server : `ips-import:${input.source.kind}`,
        fetchedAt: importedAt,
      });
    } catch (e) {
      return {
        ok: false,
        error: { code: 'storage-failed', message: e instanceof Error ? e.message : String(e) },
      };
    }
    return { ok: true, summary, doc: parsed.doc };
  }

  /** The cached documents of a patient (or of no patient), newest import first. */
  async list(patientId: string | undefined): Promise<IpsCacheListing> {
    const view = await this.store.readByType(ipsNamespace(patientId), DOCUMENT_REFERENCE);
    return listingOf(view.resources, view.unreadable.length);
  }

  /**
   * Every patient of the scope with imported documents stored (undefined: imported without a
   * chart), read from the plaintext index keys without decrypting anything. Retention walks
   * these: imports have no patient entry to be found by.
   */
  async patientsWithImports(): Promise<(string | undefined)[]> {
    const { db, scope } = this.store;
    const keys = (await db.packs
      .where('[serverId+userKey+patientId]')
      .between(
        [scope.serverId, scope.userKey, IPS_NAMESPACE_PREFIX],
        [scope.serverId, scope.userKey, `${IPS_NAMESPACE_PREFIX}${String.fromCharCode(0xffff)}`],
        true,
        true,
      )
      .uniqueKeys()) as unknown as [string, string, string][];
    return keys.flatMap(([, , namespace]) => {
      const patientId = patientOfNamespace(namespace);
      return patientId === null ? [] : [patientId];
    });
  }

  /** Decrypts and parses one cached document (works offline). */
  async open(id: string, patientId: string | undefined): Promise<IpsOpenResult> {
    const namespace = ipsNamespace(patientId);
    const [index, content] = await Promise.all([
      this.store.readByType(namespace, DOCUMENT_REFERENCE),
      this.store.readByType(namespace, BINARY),
    ]);
    const entry = index.resources.find((r) => r.resource.id === id);
    const binary = content.resources.find((r) => r.resource.id === id);
    if (!entry || !binary) {
      const lost = [...index.unreadable, ...content.unreadable].some((u) => u.id === id);
      return { ok: false, reason: lost ? 'unreadable' : 'not-found' };
    }
    const summary = fromDocumentReference(entry.resource);
    const text = textFromBinary(binary.resource);
    if (!summary || text === undefined) return { ok: false, reason: 'unreadable' };
    // Parsed again: what comes back from storage is validated like any other input.
    const parsed = parseIpsText(text);
    if (!parsed.ok) return { ok: false, reason: 'unreadable' };
    return { ok: true, summary, doc: parsed.doc, text };
  }

  /** Removes one cached document (index entry and content, one transaction). */
  async remove(id: string, patientId: string | undefined): Promise<void> {
    await this.store.deleteResources(ipsNamespace(patientId), [
      { type: DOCUMENT_REFERENCE, id },
      { type: BINARY, id },
    ]);
  }

  /**
   * Emits the listing now and after every change to the namespace's index entries (Dexie
   * liveQuery over the rows; decryption outside the query, a stale one never overtakes a newer
   * one). Returns the unsubscribe function.
   */
  watch(
    patientId: string | undefined,
    onChange: (listing: IpsCacheListing) => void,
    onError: (error: unknown) => void = () => undefined,
  ): () => void {
    const namespace = ipsNamespace(patientId);
    const { db, scope } = this.store;
    let seq = 0;
    let closed = false;
    const subscription = liveQuery(() =>
      db.packs
        .where('[serverId+userKey+patientId+type]')
        .equals([scope.serverId, scope.userKey, namespace, DOCUMENT_REFERENCE])
        .primaryKeys(),
    ).subscribe({
      next: () => {
        const mine = ++seq;
        this.list(patientId).then(
          (listing) => {
            if (!closed && mine === seq) onChange(listing);
          },
          (e: unknown) => onError(e),
        );
      },
      error: onError,
    });
    return () => {
      closed = true;
      subscription.unsubscribe();
    };
  }
}
