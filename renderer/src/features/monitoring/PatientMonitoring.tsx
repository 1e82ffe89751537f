/**
 * One patient's remote monitoring (issue 5): their alerts with acknowledge and snooze, feedback
 * to the patient (a template in the patient's language, editable before sending), and every
 * home reading per metric with its source unit and device, where a wrong one can be
 * invalidated with a reason. Every action goes through the outbox (sent exactly once, also
 * after an outage); the views read only the cache.
 */
import { Alert, Badge, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reference } from 'fhir/r4';
import {
  buildAcknowledgeTask,
  buildSnoozeTask,
  focusOf,
} from '../../../../shared/monitoring/actions';
import type { Alert as MonitoringAlert } from '../../../../shared/monitoring/alerts';
import type { TriageRow } from '../../../../shared/monitoring/triage';
import { useSession } from '../../fhir/FhirProvider';
import { useOffline, useOptionalOffline } from '../../offline/OfflineContext';
import { formatAsOf } from '../../offline/format-as-of';
import { useLocale } from '../records/format';
import { alertText } from './alert-text';
import { CompanionLinkCard } from './CompanionLinkCard';
import { FeedbackComposer } from './FeedbackComposer';
import { ReadingsByMetric } from './ReadingsByMetric';
import type { MonitoredPatient } from './monitoring-data';
import { CATEGORY_COLOR } from './TriagePage';
import { useMonitoringData } from './useMonitoringData';

/** The signed-in clinician as a FHIR reference (author of every action). */
export function usePractitioner(): Reference {
  const { user } = useSession();
  return {
    ...(user.fhirUser ? { reference: user.fhirUser } : {}),
    display: user.display,
  };
}

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
      <Alerts row={row} patient={patient} onDone={refresh} />
      <FeedbackComposer patient={patient} alerts={row.alerts} onSent={refresh} />
      <ReadingsByMetric patient={patient} row={row} onDone={refresh} />
    </Stack>
  );
}

function Alerts(props: {
  row: TriageRow;
  patient: MonitoredPatient;
  onDone: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const { row } = props;
  return (
    <section aria-labelledby="monitoring-alerts-title">
      <Title order={3} size="h5" id="monitoring-alerts-title">
        {t('patient.alerts')}
      </Title>
      {row.alerts.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-alerts">
          {t('patient.noAlerts')}
        </Text>
      ) : (
        <Stack gap="xs" mt="xs">
          {row.alerts.map((a) => (
            <AlertItem key={a.id} alert={a} onDone={props.onDone} />
          ))}
        </Stack>
      )}
    </section>
  );
}

function AlertItem(props: { alert: MonitoringAlert; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const offline = useOffline();
  const practitioner = usePractitioner();
  const locale = useLocale();
  const { alert } = props;
  const [note, setNote] = useState('');
  const [acking, setAcking] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const focus = focusOf(alert);
  const base = {
    id: globalThis.crypto.randomUUID(),
    patientId: alert.patientId,
    alertIds: [alert.id],
    ...(focus ? { focus } : {}),
    practitioner,
    authoredOn: new Date().toISOString(),
  };

  async function submit(kind: 'ack' | 'snooze'): Promise<void> {
    setError(undefined);
    try {
      const task =
        kind === 'ack'
          ? buildAcknowledgeTask({ ...base, ...(note.trim() ? { note: note.trim() } : {}) })
          : buildSnoozeTask(base);
      await offline.scope.outbox.enqueue({
        patientId: alert.patientId,
        resource: task,
        label: t(kind === 'ack' ? 'patient.ackLabel' : 'patient.snoozeLabel', {
          alert: alert.text,
        }),
      });
      void offline.flushOutbox();
      setAcking(false);
      setNote('');
      props.onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Stack
      gap={4}
      p="xs"
      style={{ borderLeft: `4px solid var(--mantine-color-${CATEGORY_COLOR[alert.level]}-6)` }}
      data-testid="monitoring-alert"
      data-level={alert.level}
      data-alert-id={alert.id}
    >
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm">
          <Badge color={CATEGORY_COLOR[alert.level]} variant="light" mr="xs">
            {t(`category.${alert.level}`)}
          </Badge>
          {alertText(t, alert)}
        </Text>
        <Text size="xs" c="dimmed" data-i18n-ignore="">
          {formatAsOf(alert.at, locale)}
        </Text>
      </Group>
      {acking ? (
        <Stack gap={4}>
          <Textarea
            label={t('patient.ackNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
            data-testid="ack-note"
          />
          <Group gap="xs">
            <Button size="xs" onClick={() => void submit('ack')} data-testid="ack-confirm">
              {t('patient.ackConfirm')}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setAcking(false)}>
              {t('patient.cancel')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => setAcking(true)} data-testid="ack">
            {t('patient.ack')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            onClick={() => void submit('snooze')}
            data-testid="snooze"
          >
            {t('patient.snooze')}
          </Button>
        </Group>
      )}
      {error ? (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
