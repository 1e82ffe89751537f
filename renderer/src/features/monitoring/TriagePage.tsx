/**
 * The triage list (issue 5): every monitored patient ranked red → yellow → missed → fine, with
 * the reason a clinician can read, the last reading time, readings to review and the alerts
 * snoozed with until when (they come back by themselves when due), filterable by status and
 * metric, refreshed while open. Read from the cache: it works during an outage
 * and says how old its data is.
 */
import {
  Alert,
  Anchor,
  Badge,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatHumanName } from '../../../../shared/fhir/human-name';
import { METRIC_KEYS, type MetricKey } from '../../../../shared/monitoring/metrics';
import type { TriageCategory, TriageRow } from '../../../../shared/monitoring/triage';
import { routeHref } from '../../app/router';
import { formatAsOf } from '../../offline/format-as-of';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { useLocale } from '../records/format';
import { alertText, metricName } from './alert-text';
import type { MonitoredPatient } from './monitoring-data';
import { SnoozedAlertLine } from './SnoozedAlertLine';
import { useMonitoringData } from './useMonitoringData';

/** Snoozed alerts listed per row (with until when); the count covers the rest. */
const SNOOZED_SHOWN = 2;

export const CATEGORY_COLOR: Readonly<Record<TriageCategory, string>> = {
  red: 'red',
  yellow: 'yellow',
  missed: 'grape',
  fine: 'green',
};

type Filter = TriageCategory | 'all';

export function TriagePage(): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  if (!useOptionalOffline()) {
    return (
      <Alert color="yellow" role="status">
        {t('triage.unavailable')}
      </Alert>
    );
  }
  return <Triage />;
}

function Triage(): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const { data, syncError, readError, lastSyncAt } = useMonitoringData();
  const [category, setCategory] = useState<Filter>('all');
  const [metric, setMetric] = useState<MetricKey | null>(null);
  const patients = useMemo(
    () => new Map((data?.patients ?? []).map((p) => [p.patientId, p])),
    [data],
  );
  const rows = (data?.rows ?? []).filter(
    (r) =>
      (category === 'all' || r.category === category) &&
      (!metric ||
        patients.get(r.patientId)?.plan.metrics.some((m) => m.active && m.metric === metric)),
  );
  const fetchedAt = Math.max(0, ...(data?.patients ?? []).map((p) => p.fetchedAt ?? 0));

  return (
    <Stack gap="md" data-testid="triage-page">
      <Title order={2}>{t('triage.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('triage.intro')}
      </Text>
      {syncError ? (
        <Alert color="yellow" role="status" data-testid="triage-sync-error">
          {fetchedAt
            ? t('triage.syncError', { error: syncError, time: formatAsOf(fetchedAt, locale) })
            : t('triage.syncErrorNever', { error: syncError })}
        </Alert>
      ) : null}
      {readError ? (
        <Alert color="red" role="alert">
          {readError}
        </Alert>
      ) : null}
      {(data?.planErrors ?? []).map((e) => (
        <Alert key={e.patientId} color="red" role="alert" data-testid="plan-error">
          {t('triage.planError', { patient: e.patientId, error: e.error })}
        </Alert>
      ))}
      <Group gap="md" align="flex-end">
        <SegmentedControl
          aria-label={t('triage.filterCategory')}
          value={category}
          onChange={setCategory}
          data={(['all', 'red', 'yellow', 'missed', 'fine'] as const).map((c) => ({
            value: c,
            label: t(`category.${c}`),
          }))}
          data-testid="triage-filter"
        />
        <Select
          label={t('triage.filterMetric')}
          placeholder={t('triage.allMetrics')}
          clearable
          value={metric}
          onChange={setMetric}
          data={METRIC_KEYS.map((m) => ({ value: m, label: metricName(t, m) }))}
        />
        {lastSyncAt ? (
          <Text size="xs" c="dimmed" data-testid="triage-as-of">
            {t('triage.asOf', { time: formatAsOf(lastSyncAt, locale) })}
          </Text>
        ) : null}
      </Group>
      {!data ? (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">{t('triage.loading')}</Text>
        </Group>
      ) : data.patients.length === 0 ? (
        <Text>{t('triage.none')}</Text>
      ) : (
        <Table striped highlightOnHover data-testid="triage-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('triage.status')}</Table.Th>
              <Table.Th>{t('triage.patient')}</Table.Th>
              <Table.Th>{t('triage.reason')}</Table.Th>
              <Table.Th>{t('triage.lastReading')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody aria-live="polite">
            {rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={4}>{t('triage.empty')}</Table.Td>
              </Table.Tr>
            ) : (
              rows.map((row) => (
                <TriageTableRow
                  key={row.patientId}
                  row={row}
                  patient={patients.get(row.patientId)}
                />
              ))
            )}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function TriageTableRow(props: {
  row: TriageRow;
  patient: MonitoredPatient | undefined;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const { row } = props;
  const name = formatHumanName(props.patient?.patient?.name) || row.patientId;
  const hidden = row.hidden.acknowledged + row.hidden.snoozed;
  return (
    <Table.Tr data-testid="triage-row" data-patient-id={row.patientId} data-category={row.category}>
      <Table.Td>
        <Badge color={CATEGORY_COLOR[row.category]} variant="filled">
          {t(`category.${row.category}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Anchor
          href={routeHref({ name: 'patient', patientId: row.patientId, section: 'monitoring' })}
          aria-label={t('triage.open', { name })}
          data-i18n-ignore=""
        >
          {name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          {row.top ? (
            <Text size="sm" data-testid="triage-reason">
              {alertText(t, row.top)}
            </Text>
          ) : null}
          {hidden > 0 ? (
            <Text size="xs" c="dimmed">
              {t('triage.hidden', row.hidden)}
            </Text>
          ) : null}
          {row.snoozed.slice(0, SNOOZED_SHOWN).map(({ alert, snooze }) => (
            <SnoozedAlertLine
              key={alert.id}
              alert={alert}
              snooze={snooze}
              size="xs"
              testId="triage-snoozed"
            />
          ))}
          {row.flagged.length > 0 ? (
            <Text size="xs" c="orange" data-testid="triage-flagged">
              {t('triage.flagged', { count: row.flagged.length })}
            </Text>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-i18n-ignore="">
          {row.lastReadingAt !== undefined
            ? formatAsOf(row.lastReadingAt, locale)
            : t('triage.noReading')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
