/** One snoozed alert and until when, as the patient view and the triage row both show it. */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Alert as MonitoringAlert } from '../../../../shared/monitoring/alerts';
import type { Snooze } from '../../../../shared/monitoring/triage';
import { useLocale } from '../records/format';
import { alertText } from './alert-text';
import { snoozeUntilText } from './snooze-text';

export function SnoozedAlertLine(props: {
  alert: MonitoringAlert;
  snooze: Snooze;
  size: 'xs' | 'sm';
  testId: string;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  return (
    <Text
      size={props.size}
      c="dimmed"
      data-testid={props.testId}
      data-alert-id={props.alert.id}
      data-until-date={props.snooze.untilDate ?? ''}
    >
      {t('snooze.item', {
        alert: alertText(t, props.alert),
        until: snoozeUntilText(t, props.snooze, locale),
        interpolation: { escapeValue: false },
      })}
    </Text>
  );
}
