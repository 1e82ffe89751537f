/**
 * One patient's remote monitoring (issue 5): their alerts with acknowledge and snooze (until
 * the next reading or through a date), the thresholds with who set them and when (editable),
 * feedback to the patient (a template in the patient's language, editable before sending),
 * every home reading per metric with its source unit and device, where a wrong one can be
 * invalidated with a reason, and the printable report. Every action goes through the outbox
 * (sent exactly once, also after an outage); the views read only the cache.
 */
import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { formatAsOf } from '../../offline/format-as-of';
import { useLocale } from '../records/format';
import { AlertList } from './AlertList';
import { CompanionLinkCard } from './CompanionLinkCard';
import { FeedbackComposer } from './FeedbackComposer';
import { PrintReportButton } from './PrintReportButton';
import { ReadingsByMetric } from './ReadingsByMetric';
import { ThresholdEditor } from './ThresholdEditor';
import { CATEGORY_COLOR } from './TriagePage';
import { useMonitoringData } from './useMonitoringData';

export { usePractitioner } from './practitioner';

export function PatientMonitoring(props: { patientId: string }): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  if (!useOptionalOffline()) {
    return (
      <Alert color="yellow" role="status">
        {t('triage.unavailable')}
      </Alert>
    );
  }
  return <Monitoring patientId={props.patientId} />;
}

function Monitoring(props: { patientId: string }): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const { data, syncError, refresh } = useMonitoringData();
  if (!data) return <Text size="sm">{t('triage.loading')}</Text>;
  const patient = data.patients.find((p) => p.patientId === props.patientId);
  const row = data.rows.find((r) => r.patientId === props.patientId);
  if (!patient || !row) {
    const planError = data.planErrors.find((e) => e.patientId === props.patientId);
    return (
      <Alert color={planError ? 'red' : 'gray'} data-testid="monitoring-not-enrolled">
        {planError
          ? t('triage.planError', { patient: props.patientId, error: planError.error })
          : t('patient.notEnrolled')}
      </Alert>
    );
  }
  return (
    <Stack gap="lg" data-testid="patient-monitoring" data-category={row.category}>
      <Group justify="space-between">
        <Group gap="xs">
          <Badge
            color={CATEGORY_COLOR[row.category]}
            variant="filled"
            data-testid="monitoring-category"
          >
            {t(`category.${row.category}`)}
          </Badge>
          {patient.fetchedAt ? (
            <Text size="xs" c="dimmed">
              {t('patient.fetchedAt', { time: formatAsOf(patient.fetchedAt, locale) })}
            </Text>
          ) : null}
        </Group>
        <PrintReportButton entries={[{ patient, row }]} />
      </Group>
      {syncError ? (
        <Alert color="yellow" role="status">
          {t('triage.syncError', {
            error: syncError,
            time: formatAsOf(patient.fetchedAt ?? 0, locale),
          })}
        </Alert>
      ) : null}
      <CompanionLinkCard patientId={props.patientId} />
      <AlertList row={row} onDone={refresh} />
      <FeedbackComposer patient={patient} alerts={row.alerts} onSent={refresh} />
      <ThresholdEditor patient={patient} onSaved={refresh} />
      <ReadingsByMetric patient={patient} row={row} onDone={refresh} />
    </Stack>
  );
}
