/**
 * Locale-aware formatting hooks for the chart. Dates go through the day-safe
 * `formatFhirDate`; the locale is the UI language, with a fallback when i18next runs a
 * pseudo-locale that Intl does not know.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';

const supported = new Map<string, boolean>();

/**
 * A BCP 47 tag Intl accepts: the UI language, else 'en'. The answer is kept per language:
 * the first `supportedLocalesOf` in a page costs ~30 ms (ICU loads its locale list), which
 * the call screen would otherwise pay while the patient is being admitted.
 */
export function intlLocale(language: string | undefined): string {
  if (!language) return 'en';
  let ok = supported.get(language);
  if (ok === undefined) {
    try {
      ok = Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0;
    } catch {
      ok = false;
    }
    supported.set(language, ok);
  }
  return ok ? language : 'en';
}

export function useLocale(): string {
  const { i18n } = useTranslation('records');
  return intlLocale(i18n.resolvedLanguage ?? i18n.language);
}

/** `(value) => formatted date` in the UI locale; '' for a missing value. */
export function useFormatDate(): (value: string | undefined) => string {
  const locale = useLocale();
  return useCallback((value: string | undefined) => formatFhirDate(value, locale), [locale]);
}

/** Bytes as B/kB/MB in the given locale (decimal units, as the fixtures README counts). */
export function formatBytes(bytes: number, locale: string): string {
  const nf = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
  if (bytes < 1000) return `${nf.format(bytes)} B`;
  if (bytes < 1_000_000) return `${nf.format(bytes / 1000)} kB`;
  return `${nf.format(bytes / 1_000_000)} MB`;
}
