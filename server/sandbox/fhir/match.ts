/**
 * Matching one search parameter value against a resource's extracted values, per kind
 * (https://hl7.org/fhir/R4/search.html#ptypes). Comma-separated values are OR; the caller
 * ANDs repeated parameters.
 */
import { dateRange, matchesDate, splitPrefix } from './dates';
import { parseReference } from './references';
import { isRecord } from './types';
import type { ParamKind } from './search-params';

/** Lower-case and strip diacritics: FHIR string search is case- and accent-insensitive. */
export function normalizeText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

interface Code {
  system?: string;
  code: string;
}

/** Flattens Coding, CodeableConcept, Identifier and primitive codes into {system, code}. */
function codesOf(value: unknown): Code[] {
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
    return [{ code: String(value) }];
  }
  if (!isRecord(value)) return [];
  if (Array.isArray(value.coding)) return value.coding.flatMap((c) => codesOf(c));
  const code =
    typeof value.code === 'string'
      ? value.code
      : typeof value.value === 'string'
        ? value.value
        : undefined;
  if (code === undefined) return [];
  return [{ system: typeof value.system === 'string' ? value.system : undefined, code }];
}

/**
 * Token keys of one resource for one parameter, cached per (immutable) resource object:
 * `system|code`, `*|code` (any system) and `system|*`. Makes token filters a Set lookup.
 */
const tokenCache = new WeakMap<object, Map<string, Set<string>>>();

export function tokenKeys(resource: object, param: string, values: () => unknown[]): Set<string> {
  let perParam = tokenCache.get(resource);
  if (!perParam) {
    perParam = new Map();
    tokenCache.set(resource, perParam);
  }
  let keys = perParam.get(param);
  if (!keys) {
    keys = new Set();
    for (const c of values().flatMap(codesOf)) {
      keys.add(`${c.system ?? ''}|${c.code}`);
      keys.add(`*|${c.code}`);
      if (c.system !== undefined) keys.add(`${c.system}|*`);
    }
    perParam.set(param, keys);
  }
  return keys;
}

/** The cache key a token query value looks up. */
function tokenQueryKey(query: string): string {
  const bar = query.indexOf('|');
  if (bar < 0) return `*|${query}`;
  const system = query.slice(0, bar);
  const code = query.slice(bar + 1);
  return code === '' ? `${system}|*` : `${system}|${code}`;
}

function textMatches(query: string, values: unknown[]): boolean {
  const q = normalizeText(query);
  return values.some((v) => {
    if (!isRecord(v)) return false;
    const texts = [
      v.text,
      ...(Array.isArray(v.coding)
        ? v.coding.map((c) => (isRecord(c) ? c.display : undefined))
        : []),
    ];
    return texts.some((t) => typeof t === 'string' && normalizeText(t).startsWith(q));
  });
}

function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!isRecord(value)) return [];
  // HumanName / Address: every part, and the whole name, so "liz conn" also matches.
  const parts: string[] = [];
  for (const key of ['text', 'family', 'given', 'prefix', 'suffix', 'line', 'city', 'country']) {
    const v = value[key];
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) parts.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  const given = Array.isArray(value.given) ? value.given.join(' ') : '';
  const family = typeof value.family === 'string' ? value.family : '';
  if (given && family) parts.push(`${given} ${family}`, `${family} ${given}`);
  return parts;
}

function stringMatches(query: string, values: unknown[], modifier: string | undefined): boolean {
  const strings = values.flatMap(stringValues);
  if (modifier === 'exact') return strings.includes(query);
  const q = normalizeText(query);
  if (modifier === 'contains') return strings.some((s) => normalizeText(s).includes(q));
  return strings.some((s) => normalizeText(s).startsWith(q));
}

function referenceMatches(query: string, values: unknown[]): boolean {
  const wanted = parseReference(query);
  return values.some((v) => {
    if (typeof v !== 'string') return false;
    if (v === query) return true;
    const got = parseReference(v);
    if (!got) return false;
    return wanted ? got.type === wanted.type && got.id === wanted.id : got.id === query;
  });
}

/** Validates a date query value up front so a malformed one becomes a 400, not "no match". */
export function isValidDateQuery(raw: string): boolean {
  return dateRange(splitPrefix(raw).value) !== undefined;
}

function dateMatches(query: string, values: unknown[]): boolean {
  const { prefix, value } = splitPrefix(query);
  const q = dateRange(value);
  if (!q) return false;
  return values.some((v) => {
    if (typeof v !== 'string') return false;
    const t = dateRange(v);
    return t !== undefined && matchesDate(prefix, q, t);
  });
}

/**
 * True when any of the comma-separated alternatives in `raw` matches. `values` is lazy so
 * cached token lookups never extract values.
 */
export function matchesParam(
  kind: ParamKind,
  raw: string,
  resource: object,
  param: string,
  values: () => unknown[],
  modifier?: string,
): boolean {
  if (modifier === 'missing') return (raw === 'true') === (values().length === 0);
  const alternatives = raw.split(',');
  let hit: boolean;
  if (kind === 'token' && modifier !== 'text') {
    const keys = tokenKeys(resource, param, values);
    hit = alternatives.some((q) => keys.has(tokenQueryKey(q)));
  } else {
    const extracted = values();
    hit = alternatives.some((q) => {
      switch (kind) {
        case 'token':
          return textMatches(q, extracted);
        case 'string':
          return stringMatches(q, extracted, modifier);
        case 'reference':
          return referenceMatches(q, extracted);
        case 'date':
          return dateMatches(q, extracted);
      }
    });
  }
  return modifier === 'not' ? !hit : hit;
}
