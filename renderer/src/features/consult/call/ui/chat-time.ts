/**
 * The chat's message time format (hh:mm in the UI language), made once per language.
 *
 * Building the first Intl formatter in a page costs ~40 ms (ICU loads its locale data). The
 * chat panel appears at the moment a patient is admitted, when that time would delay their
 * call being set up, so screens that wait before a call (the lobby) call this early.
 */
import { intlLocale } from '../../../records/format';

const formats = new Map<string, Intl.DateTimeFormat>();

export function chatTimeFormat(language: string | undefined): Intl.DateTimeFormat {
  const locale = intlLocale(language);
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    formats.set(locale, format);
  }
  return format;
}
