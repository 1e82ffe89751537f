/**
 * Labels for where an imported summary came from, shared by the document header, the printout
 * and the chart's list: the source, the country (an ISO code named in the UI language, anything
 * else as sent) and the authors.
 */
import type { TFunction } from 'i18next';
import type { IpsImportSource } from '../../../../shared/ips/import-source';
import { intlLocale } from '../records/format';

export function sourceText(t: TFunction<'ips'>, source: IpsImportSource): string {
  switch (source.kind) {
    case 'file':
      return t('import.fromFile', { name: source.name });
    case 'ncp':
      return t('import.fromNcp', {
        country: t(`country.${source.country}`, { defaultValue: source.country }),
        identifier: source.identifier,
      });
    case 'summary':
      return t('import.fromSummary', { server: source.server });
  }
}

/**
 * "Germany (DE)" for an ISO 3166-1 alpha-2 code in the UI language; a country written out by
 * the document ("Deutschland") is shown as sent; undefined stays undefined (shown as unknown).
 */
export function countryLabel(country: string | undefined, language: string): string | undefined {
  if (country === undefined) return undefined;
  if (!/^[A-Z]{2}$/.test(country)) return country;
  try {
    const name = new Intl.DisplayNames([intlLocale(language)], { type: 'region' }).of(country);
    return name && name !== country ? `${name} (${country})` : country;
  } catch {
    return country;
  }
}

/** A file name for the printout: letters, digits, dots and dashes only. */
export function printFileName(
  country: string | undefined,
  documentDate: string | undefined,
): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(documentDate ?? '')?.[0];
  const parts = ['patient-summary', country, date].filter((p): p is string => Boolean(p));
  return `${parts.join('-').replace(/[^A-Za-z0-9.-]/g, '-')}.pdf`;
}
