/**
 * Language tags as the terminology code compares them. Designations are kept per primary
 * language (`de`), so a clinician working in `de-AT` or `de-CH` gets the German term and a
 * document tagged `fr-BE` counts as French.
 * @see https://www.rfc-editor.org/rfc/bcp/bcp47.txt (section 2.2.1, primary language subtag)
 */

const TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;

/** Lower-case tag with `-` separators (`de_CH` → `de-ch`), or undefined when it is not a tag. */
export function normalizeLanguageTag(tag: string | undefined): string | undefined {
  const trimmed = tag?.trim();
  if (!trimmed || !TAG.test(trimmed)) return undefined;
  return trimmed.replace(/_/g, '-').toLowerCase();
}

/** The primary subtag (`de-AT` → `de`), or undefined when the input is not a language tag. */
export function primaryLanguage(tag: string | undefined): string | undefined {
  return normalizeLanguageTag(tag)?.split('-')[0];
}

/** True when both tags name the same primary language (`de-CH` and `de`). */
export function sameLanguage(a: string | undefined, b: string | undefined): boolean {
  const pa = primaryLanguage(a);
  return pa !== undefined && pa === primaryLanguage(b);
}
