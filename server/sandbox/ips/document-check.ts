/**
 * Test helper: the structural rules of an IPS document that a viewer relies on, as a list of
 * problems (empty = fine). Bundle type document with identifier and timestamp; the Composition
 * first, typed LOINC 60591-5; unique `urn:uuid:` fullUrls; every reference resolving to an entry
 * (contained `#x` aside); the three required sections, each with entries or an emptyReason but
 * not both. Not a full profile validation.
 * @see https://hl7.org/fhir/uv/ips/StructureDefinition-Bundle-uv-ips.html
 */
import { isRecord } from '../fhir/types';
import { SECTIONS } from './vocabulary';

const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every `reference` string anywhere in the value. */
export function allReferences(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) allReferences(v, out);
  else if (isRecord(value))
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else allReferences(v, out);
    }
  return out;
}

export function documentProblems(bundle: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(bundle) || bundle.resourceType !== 'Bundle') return ['not a Bundle'];
  if (bundle.type !== 'document') problems.push(`Bundle.type is ${String(bundle.type)}`);
  if (typeof bundle.timestamp !== 'string') problems.push('no Bundle.timestamp');
  if (!isRecord(bundle.identifier)) problems.push('no Bundle.identifier');
  const entries = Array.isArray(bundle.entry) ? bundle.entry.filter(isRecord) : [];
  const fullUrls = new Map<string, Record<string, unknown>>();
  entries.forEach((e, i) => {
    const url = e.fullUrl;
    if (typeof url !== 'string' || !UUID_URN.test(url))
      problems.push(`entry ${String(i)}: fullUrl ${String(url)} is not a urn:uuid`);
    else if (fullUrls.has(url)) problems.push(`entry ${String(i)}: duplicate fullUrl ${url}`);
    if (!isRecord(e.resource) || typeof e.resource.resourceType !== 'string')
      problems.push(`entry ${String(i)}: no resource`);
    else if (typeof url === 'string') fullUrls.set(url, e.resource);
  });
  for (const ref of allReferences(entries)) {
    if (!ref.startsWith('#') && !fullUrls.has(ref)) problems.push(`unresolved reference ${ref}`);
  }
  const composition = entries[0]?.resource;
  if (!isRecord(composition) || composition.resourceType !== 'Composition')
    return [...problems, 'first entry is not a Composition'];
  const type = JSON.stringify(composition.type ?? null);
  if (!type.includes('"60591-5"')) problems.push('Composition.type is not LOINC 60591-5');
  const subject = isRecord(composition.subject) ? composition.subject.reference : undefined;
  if (typeof subject !== 'string' || fullUrls.get(subject)?.resourceType !== 'Patient')
    problems.push('Composition.subject is not a Patient in the bundle');
  const authors = Array.isArray(composition.author) ? composition.author : [];
  if (authors.length === 0) problems.push('Composition has no author');
  const sections = Array.isArray(composition.section) ? composition.section.filter(isRecord) : [];
  for (const def of Object.values(SECTIONS)) {
    const s = sections.find((x) => JSON.stringify(x.code ?? null).includes(`"${def.code}"`));
    if (!s) {
      if (def.required) problems.push(`missing required section ${def.code}`);
      continue;
    }
    const hasEntries = Array.isArray(s.entry) && s.entry.length > 0;
    const empty = isRecord(s.emptyReason);
    if (hasEntries === empty)
      problems.push(`section ${def.code}: needs entries or an emptyReason (exactly one)`);
    if (!isRecord(s.text) || typeof s.text.div !== 'string')
      problems.push(`section ${def.code}: no narrative`);
  }
  return problems;
}

export interface FoundCoding {
  system: string;
  code: string;
  display?: string;
  /** The English translation extension on `_display`, when present. */
  en?: string;
}

/** Every Coding (an object with string `system` and `code`) anywhere in the value. */
export function codingsIn(value: unknown, out: FoundCoding[] = []): FoundCoding[] {
  if (Array.isArray(value)) for (const v of value) codingsIn(v, out);
  else if (isRecord(value)) {
    if (typeof value.system === 'string' && typeof value.code === 'string') {
      const found: FoundCoding = { system: value.system, code: value.code };
      if (typeof value.display === 'string') found.display = value.display;
      const en = translationOf(value);
      if (en !== undefined) found.en = en;
      out.push(found);
    }
    for (const v of Object.values(value)) codingsIn(v, out);
  }
  return out;
}

/** The `content` of an `en` translation extension on `_display`. */
function translationOf(coding: Record<string, unknown>): string | undefined {
  const ext = isRecord(coding._display) ? coding._display.extension : undefined;
  for (const e of Array.isArray(ext) ? ext.filter(isRecord) : []) {
    if (e.url !== 'http://hl7.org/fhir/StructureDefinition/translation') continue;
    const parts = Array.isArray(e.extension) ? e.extension.filter(isRecord) : [];
    const lang = parts.find((p) => p.url === 'lang')?.valueCode;
    const content = parts.find((p) => p.url === 'content')?.valueString;
    if (lang === 'en' && typeof content === 'string') return content;
  }
  return undefined;
}
