/**
 * Until when a snoozed alert stays hidden, in the clinician's words: through a calendar day
 * (formatted as a date, never through the local zone, so it is the day that was picked), until
 * a moment, or until the next reading of the metric.
 */
import type { TFunction } from 'i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import type { Snooze } from '../../../../shared/monitoring/triage';
import { formatAsOf } from '../../offline/format-as-of';

export function snoozeUntilText(
  t: TFunction<'monitoring'>,
  snooze: Snooze,
  locale: string,
): string {
  if (snooze.untilDate !== undefined) {
    return t('snooze.throughDate', {
      date: formatFhirDate(snooze.untilDate, locale),
      interpolation: { escapeValue: false },
    });
  }
  if (snooze.until !== undefined) {
    return t('snooze.untilTime', {
      time: formatAsOf(snooze.until, locale),
      interpolation: { escapeValue: false },
    });
  }
  return t('snooze.untilNextReading');
}
