/**
 * Locale-aware formatting hooks for the chart. Dates go through the day-safe
 * `formatFhirDate`; the locale is the UI language, with a fallback when i18next runs a
 * pseudo-locale that Intl does not know.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';

/** A BCP 47 tag Intl accepts: the UI language, else 'en'. */
export function intlLocale(language: string | undefined): string {
  if (!language) return 'en';
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0 ? language : 'en';
  } catch {
    return 'en';
  }
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
