/**
 * Which designation a coded entry shows next to its original, and where it came from.
 *
 * Resolution order: the document's own translation (FHIR translation extension on
 * `Coding.display`) → the offline terminology pack → an optional terminology server
 * `$lookup`. The original display is always kept: a cross-border document's own wording is the
 * source of truth, and a translation is an aid shown beside it with its provenance.
 */
import type { Coding } from 'fhir/r4';
import { primaryLanguage, sameLanguage } from './language';
import { lookupDesignation } from './lookup';
import { pickLookupDesignation, type DesignationLookup } from './lookup-server';
import type { TerminologyPack } from './pack';
import { canonicalSystem } from './systems';
import { findDisplayTranslation } from './translation-extension';

export type TranslationSource = 'document' | 'pack' | 'server';
export type ResolutionStatus = 'translated' | 'same-language' | 'untranslated';

export interface ResolvedDisplay {
  original: {
    display: string;
    /** The document's language, when known. */
    lang?: string;
    /** True when the coding had no display and the code itself is shown. */
    isCode?: true;
  };
  translated?: { display: string; lang: string; source: TranslationSource };
  status: ResolutionStatus;
  /** Why the server step failed, when it was tried and failed (the result is still usable). */
  serverError?: string;
}

export interface ResolveOptions {
  /** The offline pack; undefined when it failed to load (every entry is then untranslated). */
  pack: TerminologyPack | undefined;
  /** Language of the document or resource the coding came from (`Bundle.language` …). */
  documentLang?: string | undefined;
  /** Optional terminology server step, only tried when the offline steps found nothing. */
  lookup?: DesignationLookup | undefined;
}

type Coded = Pick<Coding, 'system' | 'code' | 'display' | '_display'>;

function sameText(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

function originalOf(coding: Coded, documentLang: string | undefined): ResolvedDisplay['original'] {
  const display = coding.display?.trim();
  const lang = documentLang?.trim() ? documentLang.trim() : undefined;
  if (display) return { display, ...(lang ? { lang } : {}) };
  return { display: coding.code?.trim() ?? '', ...(lang ? { lang } : {}), isCode: true };
}

function withTranslation(
  original: ResolvedDisplay['original'],
  translated: NonNullable<ResolvedDisplay['translated']>,
): ResolvedDisplay {
  // A "translation" identical to what the document already says adds nothing: the original
  // evidently is in the clinician's language.
  if (!original.isCode && sameText(original.display, translated.display)) {
    return { original, status: 'same-language' };
  }
  return { original, translated, status: 'translated' };
}

/**
 * The offline part of the resolution (document, then pack): synchronous, so a list renders
 * at once. Returns `untranslated` when neither source has the clinician's language.
 */
export function resolveDisplayOffline(
  coding: Coded,
  lang: string,
  options: Omit<ResolveOptions, 'lookup'>,
): ResolvedDisplay {
  const original = originalOf(coding, options.documentLang);
  if (!primaryLanguage(lang)) return { original, status: 'untranslated' };
  if (!original.isCode && sameLanguage(options.documentLang, lang)) {
    return { original, status: 'same-language' };
  }
  const fromDocument = findDisplayTranslation(coding, lang);
  if (fromDocument) {
    return withTranslation(original, {
      display: fromDocument.content,
      lang: fromDocument.lang,
      source: 'document',
    });
  }
  const fromPack = options.pack ? lookupDesignation(options.pack, coding, lang) : undefined;
  if (fromPack) {
    return withTranslation(original, {
      display: fromPack.display,
      lang: fromPack.lang,
      source: 'pack',
    });
  }
  return { original, status: 'untranslated' };
}

/**
 * Full resolution: document → pack → server. The server is asked only when the offline steps
 * found nothing and the coding has a system and code; a failing server never throws here, it
 * leaves the entry untranslated with `serverError` set.
 */
export async function resolveDisplay(
  coding: Coded,
  lang: string,
  options: ResolveOptions,
): Promise<ResolvedDisplay> {
  const offline = resolveDisplayOffline(coding, lang, options);
  const system = coding.system?.trim();
  const code = coding.code?.trim();
  if (offline.status !== 'untranslated' || !options.lookup || !system || !code) return offline;
  if (!primaryLanguage(lang)) return offline;
  try {
    const result = await options.lookup({
      system: canonicalSystem(system),
      code,
      displayLanguage: lang,
    });
    const picked = pickLookupDesignation(result, lang);
    if (!picked) return offline;
    return withTranslation(offline.original, { ...picked, source: 'server' });
  } catch (err) {
    return { ...offline, serverError: err instanceof Error ? err.message : String(err) };
  }
}
