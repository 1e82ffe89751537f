/**
 * Designation lookup in the offline pack.
 */
import type { Coding } from 'fhir/r4';
import { normalizeLanguageTag, primaryLanguage } from './language';
import type { TerminologyPack } from './pack';
import { canonicalSystem } from './systems';

export interface PackDesignation {
  display: string;
  /** The pack column that matched (`de` for a clinician in `de-CH`). */
  lang: string;
}

/**
 * The pack's designation of `coding` in `lang`, or undefined when the pack has no such code or
 * no designation in that language (an empty table cell: the UI then says "untranslated").
 * Matches the exact tag first (for future regional columns), then the primary subtag; the
 * system may be sent as an OID alias. Codes are compared exactly: a near-miss is not a match.
 */
export function lookupDesignation(
  pack: TerminologyPack,
  coding: Pick<Coding, 'system' | 'code'>,
  lang: string,
): PackDesignation | undefined {
  const system = coding.system?.trim();
  const code = coding.code?.trim();
  if (!system || !code) return undefined;
  const designations = pack.systems[canonicalSystem(system)]?.[code];
  if (!designations) return undefined;
  const candidates = [normalizeLanguageTag(lang), primaryLanguage(lang)];
  for (const key of candidates) {
    if (key === undefined) continue;
    const display = designations[key];
    if (display) return { display, lang: key };
  }
  return undefined;
}

/** True when the pack knows the concept at all (in any language). */
export function packHasCode(
  pack: TerminologyPack,
  coding: Pick<Coding, 'system' | 'code'>,
): boolean {
  const system = coding.system?.trim();
  const code = coding.code?.trim();
  return !!system && !!code && pack.systems[canonicalSystem(system)]?.[code] !== undefined;
}
