/**
 * A patient's open alerts with their actions — acknowledge with a note; snooze until the next
 * reading or through a date — and the alerts that are snoozed, with until when. Each action is
 * one FHIR Task queued once in the outbox (a click while one is being queued does nothing).
 * A snooze through a date is a calendar day (`YYYY-MM-DD` from the date field, written as a
 * date-only `restriction.period.end`): it never passes through a local-time `Date`, and the
 * alert comes back by itself on the next day (triage runs on every poll).
 */
import { Badge, Button, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localToday } from '../../../../shared/fhir/dates';
import {
  buildAcknowledgeTask,
  buildSnoozeTask,
  focusOf,
  isCalendarDate,
} from '../../../../shared/monitoring/actions';
import type { Alert as MonitoringAlert } from '../../../../shared/monitoring/alerts';
import type { TriageRow } from '../../../../shared/monitoring/triage';
import { useOffline } from '../../offline/OfflineContext';
import { formatAsOf } from '../../offline/format-as-of';
import { useLocale } from '../records/format';
import { alertText } from './alert-text';
import { usePractitioner } from './practitioner';
import { SnoozedAlertLine } from './SnoozedAlertLine';
import { CATEGORY_COLOR } from './TriagePage';

export function AlertList(props: { row: TriageRow; onDone: () => void }): React.JSX.Element {
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
      {row.snoozed.length > 0 ? (
        <Stack gap={4} mt="sm" data-testid="snoozed-alerts">
          <Text size="sm" fw={600}>
            {t('snooze.title')}
          </Text>
          {row.snoozed.map(({ alert, snooze }) => (
            <SnoozedAlertLine
              key={alert.id}
              alert={alert}
              snooze={snooze}
              size="sm"
              testId="snoozed-alert"
            />
          ))}
        </Stack>
      ) : null}
    </section>
  );
}

type Mode = 'idle' | 'ack' | 'date';

function AlertItem(props: { alert: MonitoringAlert; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const offline = useOffline();
  const practitioner = usePractitioner();
  const locale = useLocale();
  const { alert } = props;
  const [mode, setMode] = useState<Mode>('idle');
  const [note, setNote] = useState('');
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  /** Set synchronously: a second click before React re-renders must not queue a second Task. */
  const sending = useRef(false);
  const today = localToday();
  const dateOk = isCalendarDate(date) && date >= today;

  async function submit(kind: 'ack' | 'snooze' | 'snooze-date'): Promise<void> {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setError(undefined);
    try {
      const focus = focusOf(alert);
      const base = {
        id: globalThis.crypto.randomUUID(),
        patientId: alert.patientId,
        alertIds: [alert.id],
        ...(focus ? { focus } : {}),
        practitioner,
        authoredOn: new Date().toISOString(),
      };
      const task =
        kind === 'ack'
          ? buildAcknowledgeTask({ ...base, ...(note.trim() ? { note: note.trim() } : {}) })
          : buildSnoozeTask(kind === 'snooze-date' ? { ...base, untilDate: date } : base);
      await offline.scope.outbox.enqueue({
        patientId: alert.patientId,
        resource: task,
        label: t(kind === 'ack' ? 'patient.ackLabel' : 'patient.snoozeLabel', {
          alert: alert.text,
        }),
      });
      void offline.flushOutbox();
      setMode('idle');
      setNote('');
      setDate('');
      props.onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      sending.current = false;
      setBusy(false);
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
        <Text size="sm" component="div">
          <Badge color={CATEGORY_COLOR[alert.level]} variant="light" mr="xs">
            {t(`category.${alert.level}`)}
          </Badge>
          {alertText(t, alert)}
        </Text>
        <Text size="xs" c="dimmed" data-i18n-ignore="">
          {formatAsOf(alert.at, locale)}
        </Text>
      </Group>
      {mode === 'ack' ? (
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
            <Button
              size="xs"
              loading={busy}
              onClick={() => void submit('ack')}
              data-testid="ack-confirm"
            >
              {t('patient.ackConfirm')}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setMode('idle')}>
              {t('patient.cancel')}
            </Button>
          </Group>
        </Stack>
      ) : mode === 'date' ? (
        <Group gap="xs" align="flex-end">
          <TextInput
            type="date"
            label={t('snooze.dateLabel')}
            description={t('snooze.dateHint')}
            value={date}
            min={today}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={date && !dateOk ? t('snooze.dateInvalid') : undefined}
            data-testid="snooze-until-date"
          />
          <Button
            size="xs"
            disabled={!dateOk}
            loading={busy}
            onClick={() => void submit('snooze-date')}
            data-testid="snooze-date-confirm"
          >
            {t('snooze.confirm')}
          </Button>
          <Button size="xs" variant="subtle" onClick={() => setMode('idle')}>
            {t('patient.cancel')}
          </Button>
        </Group>
      ) : (
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => setMode('ack')} data-testid="ack">
            {t('patient.ack')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            disabled={busy}
            onClick={() => void submit('snooze')}
            data-testid="snooze"
          >
            {t('patient.snooze')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            onClick={() => setMode('date')}
            data-testid="snooze-date"
          >
            {t('snooze.toDate')}
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
