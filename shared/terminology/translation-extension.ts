/**
 * Reads the FHIR translation extension on `Coding.display`: the document's own translations
 * of a designation, carried on the `_display` primitive-extension element.
 *
 * ```json
 * "display": "Menopausal flushing (finding)",
 * "_display": { "extension": [{
 *   "url": "http://hl7.org/fhir/StructureDefinition/translation",
 *   "extension": [ { "url": "lang", "valueCode": "nl-NL" },
 *                  { "url": "content", "valueString": "opvliegers" } ] }] }
 * ```
 * @see https://hl7.org/fhir/R4/extension-translation.html
 * @see https://hl7.org/fhir/R4/json.html#primitive (the `_element` form)
 */
import type { Coding } from 'fhir/r4';
import { z } from 'zod';
import { normalizeLanguageTag, primaryLanguage } from './language';

export const TRANSLATION_EXTENSION_URL = 'http://hl7.org/fhir/StructureDefinition/translation';

export interface DisplayTranslation {
  /** The language tag as the document wrote it (`nl-NL`). */
  lang: string;
  content: string;
}

const SubExtension = z.looseObject({
  url: z.string(),
  valueCode: z.string().optional(),
  valueString: z.string().optional(),
  // R5 allows markdown content; accept it so a newer document still shows its translation.
  valueMarkdown: z.string().optional(),
});
const Extension = z.looseObject({
  url: z.string(),
  extension: z.array(z.unknown()).optional(),
});
const PrimitiveElement = z.looseObject({ extension: z.array(z.unknown()).optional() });

function readOne(raw: unknown): DisplayTranslation | undefined {
  const ext = Extension.safeParse(raw);
  if (!ext.success || ext.data.url !== TRANSLATION_EXTENSION_URL) return undefined;
  let lang: string | undefined;
  let content: string | undefined;
  for (const sub of ext.data.extension ?? []) {
    const parsed = SubExtension.safeParse(sub);
    if (!parsed.success) continue;
    if (parsed.data.url === 'lang') lang = parsed.data.valueCode?.trim();
    if (parsed.data.url === 'content') {
      content = (parsed.data.valueString ?? parsed.data.valueMarkdown)?.trim();
    }
  }
  // A translation without a valid language cannot be attributed, and one without content
  // has nothing to show: both are skipped, and the original display stays the one shown.
  if (!lang || !normalizeLanguageTag(lang) || !content) return undefined;
  return { lang, content };
}

/** Every well-formed translation the document gives for this coding's display, in order. */
export function readDisplayTranslations(coding: Pick<Coding, '_display'>): DisplayTranslation[] {
  const element = PrimitiveElement.safeParse(coding._display);
  if (!element.success) return [];
  const out: DisplayTranslation[] = [];
  for (const raw of element.data.extension ?? []) {
    const t = readOne(raw);
    if (t) out.push(t);
  }
  return out;
}

/**
 * The document's translation into `lang`: an exact tag match first (`de-CH` for `de-CH`), then
 * any translation with the same primary language (`de-DE` for a clinician in `de-CH`).
 */
export function findDisplayTranslation(
  coding: Pick<Coding, '_display'>,
  lang: string,
): DisplayTranslation | undefined {
  const wanted = normalizeLanguageTag(lang);
  const primary = primaryLanguage(lang);
  if (!wanted || !primary) return undefined;
  const all = readDisplayTranslations(coding);
  return (
    all.find((t) => normalizeLanguageTag(t.lang) === wanted) ??
    all.find((t) => primaryLanguage(t.lang) === primary)
  );
}
