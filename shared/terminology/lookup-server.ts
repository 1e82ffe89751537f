/**
 * The optional third source of designations: a FHIR terminology server's `CodeSystem/$lookup`
 * with `displayLanguage`. Shared code only builds the request and reads the `Parameters`
 * answer; the fetch itself is injected, so this stays pure and works offline-first.
 * @see https://hl7.org/fhir/R4/codesystem-operation-lookup.html
 */
import { z } from 'zod';
import { normalizeLanguageTag, primaryLanguage } from './language';

export interface LookupRequest {
  system: string;
  code: string;
  /** BCP-47 tag of the language the clinician reads. */
  displayLanguage: string;
}

export interface LookupDesignation {
  language?: string;
  use?: { system?: string; code?: string; display?: string };
  value: string;
}

export interface LookupResult {
  name?: string;
  version?: string;
  /** The server's display; its language is not stated, so it is never taken as a translation. */
  display?: string;
  designations: LookupDesignation[];
}

/** Performs one `$lookup` and returns its parsed result; rejects when the server fails. */
export type DesignationLookup = (request: LookupRequest) => Promise<LookupResult>;

/** SNOMED CT description type "Fully specified name": carries a semantic tag, so shown last. */
const SNOMED_FSN = '900000000000003001';

/** `[base]/CodeSystem/$lookup?system=…&code=…&displayLanguage=…` */
export function buildLookupUrl(baseUrl: string, request: LookupRequest): string {
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new Error(`terminology server must be http(s): ${baseUrl}`);
  }
  const url = new URL(`${base.href.replace(/\/+$/, '')}/CodeSystem/$lookup`);
  url.searchParams.set('system', request.system);
  url.searchParams.set('code', request.code);
  url.searchParams.set('displayLanguage', request.displayLanguage);
  return url.href;
}

const CodingValue = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const Part = z.looseObject({
  name: z.string(),
  valueString: z.string().optional(),
  valueCode: z.string().optional(),
  valueCoding: CodingValue.optional(),
  part: z.array(z.unknown()).optional(),
});
const ParametersSchema = z.looseObject({
  resourceType: z.literal('Parameters'),
  parameter: z.array(z.unknown()).optional(),
});
const OperationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z.looseObject({
        diagnostics: z.string().optional(),
        details: z.looseObject({ text: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});

function parts(raw: readonly unknown[] | undefined): z.infer<typeof Part>[] {
  return (raw ?? []).flatMap((p) => {
    const parsed = Part.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
}

function readDesignation(part: z.infer<typeof Part>): LookupDesignation | undefined {
  let value: string | undefined;
  let language: string | undefined;
  let use: LookupDesignation['use'];
  for (const p of parts(part.part)) {
    if (p.name === 'value') value = p.valueString?.trim();
    else if (p.name === 'language') language = p.valueCode?.trim();
    else if (p.name === 'use' && p.valueCoding) use = p.valueCoding;
  }
  if (!value) return undefined;
  return { value, ...(language ? { language } : {}), ...(use ? { use } : {}) };
}

/**
 * Reads a `$lookup` response body. An `OperationOutcome` (unknown code, unsupported system)
 * becomes an error value carrying the server's explanation.
 */
export function parseLookupResponse(
  json: unknown,
): { ok: true; value: LookupResult } | { ok: false; error: string } {
  const outcome = OperationOutcomeSchema.safeParse(json);
  if (outcome.success) {
    const issue = outcome.data.issue?.[0];
    const text = issue?.diagnostics ?? issue?.details?.text ?? 'lookup failed';
    return { ok: false, error: text };
  }
  const params = ParametersSchema.safeParse(json);
  if (!params.success) return { ok: false, error: 'not a Parameters resource' };
  const result: LookupResult = { designations: [] };
  for (const p of parts(params.data.parameter)) {
    if (p.name === 'name' && p.valueString) result.name = p.valueString;
    else if (p.name === 'version' && p.valueString) result.version = p.valueString;
    else if (p.name === 'display' && p.valueString) result.display = p.valueString;
    else if (p.name === 'designation') {
      const d = readDesignation(p);
      if (d) result.designations.push(d);
    }
  }
  return { ok: true, value: result };
}

/**
 * The designation to show for `lang`: only designations that state a matching language count
 * (exact tag first, then primary subtag), and a SNOMED CT synonym is preferred over the fully
 * specified name with its "(disorder)" tag.
 */
export function pickLookupDesignation(
  result: LookupResult,
  lang: string,
): { display: string; lang: string } | undefined {
  const wanted = normalizeLanguageTag(lang);
  const primary = primaryLanguage(lang);
  if (!wanted || !primary) return undefined;
  const rank = (d: LookupDesignation): number => {
    const tag = normalizeLanguageTag(d.language);
    if (!tag) return -1;
    const langRank = tag === wanted ? 2 : primaryLanguage(tag) === primary ? 1 : -1;
    if (langRank < 0) return -1;
    return langRank * 2 + (d.use?.code === SNOMED_FSN ? 0 : 1);
  };
  let best: LookupDesignation | undefined;
  let bestRank = -1;
  for (const d of result.designations) {
    const r = rank(d);
    if (r > bestRank) {
      best = d;
      bestRank = r;
    }
  }
  return best?.language ? { display: best.value, lang: best.language } : undefined;
}

/**
 * A `DesignationLookup` over HTTP with an injected `fetch` (the renderer's, or a fake in
 * tests). Gives up after `timeoutMs` so a slow server never holds back the offline result.
 */
export function createLookupClient(options: {
  baseUrl: string;
  fetch: (
    url: string,
    init: { headers: Record<string, string>; signal: AbortSignal },
  ) => Promise<{
    ok: boolean;
    status: number;
    json: () => Promise<unknown>;
  }>;
  timeoutMs?: number;
}): DesignationLookup {
  return async (request) => {
    const url = buildLookupUrl(options.baseUrl, request);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 5000);
    try {
      const res = await options.fetch(url, {
        headers: { Accept: 'application/fhir+json' },
        signal: controller.signal,
      });
      const body: unknown = await res.json().catch(() => undefined);
      const parsed = parseLookupResponse(body);
      if (!parsed.ok) throw new Error(`$lookup ${res.status}: ${parsed.error}`);
      if (!res.ok) throw new Error(`$lookup ${res.status}`);
      return parsed.value;
    } finally {
      clearTimeout(timer);
    }
  };
}
