/**
 * Which language the companion page speaks. A choice the patient made (the picker, remembered
 * in storage, or `?lng=` in the address) always wins; otherwise the page follows the preferred
 * language on the patient's record (Patient.communication, from `/companion/me`) when this UI
 * has it, else the browser's languages (what `detectLanguage` already chose).
 * @see https://hl7.org/fhir/R4/patient-definitions.html#Patient.communication
 */
import {
  LANGUAGE_STORAGE_KEY,
  SESSION_LANGUAGE_KEY,
  SUPPORTED_LANGUAGES,
  type SupportedLanguage,
} from '../../i18n/i18n';
import { PSEUDO_LOCALE } from '../../i18n/pseudo';

function isUiLanguage(lng: string | null | undefined): boolean {
  return (
    !!lng && (lng === PSEUDO_LOCALE || (SUPPORTED_LANGUAGES as readonly string[]).includes(lng))
  );
}

/** Whether the language was picked by the patient (then the record must not override it). */
export function languageWasChosen(env: {
  search: string;
  storage?: Pick<Storage, 'getItem'> | undefined;
  session?: Pick<Storage, 'getItem'> | undefined;
}): boolean {
  if (isUiLanguage(new URLSearchParams(env.search).get('lng'))) return true;
  try {
    return (
      isUiLanguage(env.session?.getItem(SESSION_LANGUAGE_KEY)) ||
      isUiLanguage(env.storage?.getItem(LANGUAGE_STORAGE_KEY))
    );
  } catch {
    return false; // Storage blocked: nothing was remembered.
  }
}

/**
 * The UI language for a BCP 47 tag from the record (`de-CH` → `de`); undefined when this UI
 * does not speak it (then the browser's choice stays).
 */
export function uiLanguageFor(tag: string | null): SupportedLanguage | undefined {
  const base = tag?.trim().toLowerCase().split('-')[0];
  return SUPPORTED_LANGUAGES.find((lng) => lng === base);
}

/**
 * The UI language for the patient's record: the first of its languages (Patient.communication,
 * preferred first) this UI speaks. A patient recorded as `pl` preferred and `de` also gets
 * German rather than the browser's guess; undefined when the UI speaks none of them.
 */
export function recordUiLanguage(
  tags: readonly (string | null | undefined)[],
): SupportedLanguage | undefined {
  for (const tag of tags) {
    const lng = uiLanguageFor(tag ?? null);
    if (lng) return lng;
  }
  return undefined;
}

/**
 * The locale for dates and numbers: the record's own tag when it is a variant of the UI
 * language (a patient recorded as `en-GB` reading English sees "3 Oct 2026, 18:30"; `de-CH`
 * sees Swiss numbers; `fr-CH` French with Swiss numbers), else the UI language. With several
 * recorded tags the first that matches the UI language counts. A malformed tag is not passed
 * to Intl (which would throw).
 */
export function displayLocale(
  uiLanguage: string,
  recorded: string | null | readonly (string | null)[],
): string {
  const tags = typeof recorded === 'string' || recorded === null ? [recorded] : recorded;
  const tag = tags.find((t) => t !== null && uiLanguageFor(t) === uiLanguage);
  if (!tag) return uiLanguage;
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? uiLanguage;
  } catch {
    return uiLanguage;
  }
}
