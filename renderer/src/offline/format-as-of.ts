/**
 * "As of" times for staleness lines and the offline banner: the time alone for today
 * ("10:42"), date and time otherwise, so an old cache never looks fresh.
 */
import { intlLocale } from '../features/records/format';

export function formatAsOf(
  ms: number,
  language: string | undefined,
  now: number = Date.now(),
): string {
  const locale = intlLocale(language);
  const date = new Date(ms);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(
    locale,
    sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' },
  ).format(date);
}
