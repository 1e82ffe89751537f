/**
 * Links between rows of a section's narrative and the entries they were generated from, where
 * the document states them. Four ways are recognised, strongest first:
 * - `narrativeLink` extension on the entry: a url `<Composition fullUrl>#<element id>`
 *   (the HAPI IPS generator writes `<tr id="Condition-urn:uuid:…">` and this extension);
 * - `originalText` extension anywhere in the entry with a url ending in `#<element id>`
 *   (CDA-derived documents: `<td ID="problem1">`);
 * - `textLink` extension on the section's narrative (`htmlid` + `data` naming the entry);
 * - an element id that is exactly the entry's id or fullUrl, optionally prefixed by its type
 *   (`Type-<fullUrl>`, `Type-<id>`, `Type_<id>`, `Type/<id>`), among that section's entries.
 * A narrativeLink / originalText / textLink that names an element absent from the narrative is
 * reported as broken.
 * @see https://hl7.org/fhir/extensions/StructureDefinition-narrativeLink.html
 * @see https://hl7.org/fhir/extensions/StructureDefinition-originalText.html
 * @see https://hl7.org/fhir/extensions/StructureDefinition-textLink.html
 */
import type { IpsDocument, IpsSection } from './model';
import { resolveReference } from './references';
import { readExtensions, readString } from './schemas';
import { flattenSections } from './sections';
import { narrativeElements } from './xhtml-ids';

export const NARRATIVE_LINK_URL = 'http://hl7.org/fhir/StructureDefinition/narrativeLink';
export const ORIGINAL_TEXT_URL = 'http://hl7.org/fhir/StructureDefinition/originalText';
export const TEXT_LINK_URL = 'http://hl7.org/fhir/StructureDefinition/textLink';

export type NarrativeLinkSource = 'narrativeLink' | 'originalText' | 'textLink' | 'id-match';

export interface NarrativeLink {
  readonly entryIndex: number;
  readonly sectionPath: readonly number[];
  /** The element's id as written in the narrative (entities decoded). */
  readonly elementId: string;
  readonly source: NarrativeLinkSource;
}

export interface BrokenNarrativeLink {
  readonly entryIndex: number;
  readonly elementId: string;
  readonly source: Exclude<NarrativeLinkSource, 'id-match'>;
  /** The url as sent. */
  readonly url: string;
}

export interface NarrativeLinks {
  readonly links: readonly NarrativeLink[];
  readonly broken: readonly BrokenNarrativeLink[];
  readonly byEntry: ReadonlyMap<number, readonly NarrativeLink[]>;
  /** Keyed by {@link sectionElementKey}. */
  readonly bySectionElement: ReadonlyMap<string, readonly NarrativeLink[]>;
}

/** Key of an element in a section's narrative, e.g. `2.0#row-3`. */
export function sectionElementKey(sectionPath: readonly number[], elementId: string): string {
  return `${sectionPath.join('.')}#${elementId}`;
}

/** `originalText`/`narrativeLink` urls found anywhere in a resource, iteratively. */
function linkUrls(resource: unknown): { url: string; source: 'narrativeLink' | 'originalText' }[] {
  const out: { url: string; source: 'narrativeLink' | 'originalText' }[] = [];
  const stack: unknown[] = [resource];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push(value[i]);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const record = value as Record<string, unknown>;
    if (record.url === NARRATIVE_LINK_URL || record.url === ORIGINAL_TEXT_URL) {
      const url =
        readString(record.valueUrl) ??
        readString(record.valueUri) ??
        readString(record.valueString);
      // originalText may carry plain text instead of a link: only `…#id` values are links.
      if (url?.includes('#')) {
        out.push({
          url,
          source: record.url === NARRATIVE_LINK_URL ? 'narrativeLink' : 'originalText',
        });
      }
    }
    for (const key of Object.keys(record).reverse()) {
      if (key === 'text' && typeof record[key] === 'object') {
        // A resource's own narrative holds no links to sections; its extensions are skipped too.
        continue;
      }
      const child = record[key];
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return out;
}

/** Finds the narrative links of a parsed document. */
export function findNarrativeLinks(doc: IpsDocument): NarrativeLinks {
  const sections = flattenSections(doc.sections).filter((s) => s.narrative !== undefined);
  const idsBySection = new Map<IpsSection, Set<string>>();
  for (const s of sections) {
    idsBySection.set(s, new Set(narrativeElements(s.narrative?.div ?? '').map((e) => e.id)));
  }
  const sectionsOfEntry = new Map<number, IpsSection[]>();
  for (const s of sections) {
    for (const e of s.entries) {
      if (!e.resolution.ok || e.resolution.target.contained) continue;
      const list = sectionsOfEntry.get(e.resolution.target.entryIndex) ?? [];
      list.push(s);
      sectionsOfEntry.set(e.resolution.target.entryIndex, list);
    }
  }
  const compositionIndex = doc.composition.entryIndex;
  const links: NarrativeLink[] = [];
  const broken: BrokenNarrativeLink[] = [];
  const seen = new Set<string>();
  const add = (link: NarrativeLink): void => {
    const key = `${String(link.entryIndex)}@${sectionElementKey(link.sectionPath, link.elementId)}`;
    if (seen.has(key)) return;
    seen.add(key);
    links.push(link);
  };
  /** The section (its own sections first) whose narrative has `id`. */
  const locate = (entryIndex: number, id: string): IpsSection | undefined => {
    const own = sectionsOfEntry.get(entryIndex) ?? [];
    return [...own, ...sections].find((s) => idsBySection.get(s)?.has(id));
  };

  for (const entry of doc.entries) {
    if (entry.index === compositionIndex) continue;
    for (const { url, source } of linkUrls(entry.resource)) {
      const hash = url.indexOf('#');
      const target = url.slice(0, hash);
      const elementId = url.slice(hash + 1);
      // `#id` alone points into the entry's own narrative; only links into the Composition count.
      if (target === '') continue;
      const into = resolveReference(doc.index, target, entry.index);
      if (!into.ok || into.target.entryIndex !== compositionIndex || into.target.contained)
        continue;
      const section = locate(entry.index, elementId);
      if (section) add({ entryIndex: entry.index, sectionPath: section.path, elementId, source });
      else broken.push({ entryIndex: entry.index, elementId, source, url });
    }
  }

  for (const s of sections) {
    const narrative = s.raw.text as { extension?: unknown } | undefined;
    for (const ext of readExtensions(narrative?.extension)) {
      if (ext.url !== TEXT_LINK_URL) continue;
      const parts = readExtensions(ext.extension);
      const htmlids = parts.filter((p) => p.url === 'htmlid').map((p) => readString(p.valueString));
      const data = parts
        .map((p) => (p.url === 'data' ? readString(p.valueUri) : undefined))
        .find(Boolean);
      if (data === undefined) continue;
      const resolved = resolveReference(doc.index, data.split('#')[0], compositionIndex);
      if (!resolved.ok || resolved.target.contained) continue;
      for (const id of htmlids) {
        if (id === undefined) continue;
        if (idsBySection.get(s)?.has(id)) {
          add({
            entryIndex: resolved.target.entryIndex,
            sectionPath: s.path,
            elementId: id,
            source: 'textLink',
          });
        } else {
          broken.push({
            entryIndex: resolved.target.entryIndex,
            elementId: id,
            source: 'textLink',
            url: data,
          });
        }
      }
    }
  }

  for (const s of sections) {
    const ids = idsBySection.get(s);
    if (!ids || ids.size === 0) continue;
    for (const e of s.entries) {
      if (!e.resolution.ok || e.resolution.target.contained) continue;
      const entry = doc.index.byIndex.get(e.resolution.target.entryIndex);
      if (!entry) continue;
      const keys = new Set<string>();
      for (const key of [entry.fullUrl, entry.id]) {
        if (key === undefined || key === '') continue;
        keys.add(key);
        keys.add(`${entry.resourceType}-${key}`);
        keys.add(`${entry.resourceType}_${key}`);
        keys.add(`${entry.resourceType}/${key}`);
      }
      for (const key of keys) {
        if (ids.has(key))
          add({ entryIndex: entry.index, sectionPath: s.path, elementId: key, source: 'id-match' });
      }
    }
  }

  const byEntry = new Map<number, NarrativeLink[]>();
  const bySectionElement = new Map<string, NarrativeLink[]>();
  for (const link of links) {
    byEntry.set(link.entryIndex, [...(byEntry.get(link.entryIndex) ?? []), link]);
    const key = sectionElementKey(link.sectionPath, link.elementId);
    bySectionElement.set(key, [...(bySectionElement.get(key) ?? []), link]);
  }
  return { links, broken, byEntry, bySectionElement };
}
