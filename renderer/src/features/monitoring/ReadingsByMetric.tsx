/**
 * The patient's home readings per monitored metric, newest first: time, value as sent (source
 * unit), device and status, with "Invalidate" (Observation entered-in-error + Provenance with
 * the clinician's reason, through the outbox). Readings the rules could not use — unrecognised
 * code or unit, implausible, future-dated — are listed apart, never dropped.
 */
import { Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildInvalidation } from '../../../../shared/monitoring/actions';
import type { Reading } from '../../../../shared/monitoring/readings';
import type { TriageRow } from '../../../../shared/monitoring/triage';
import { useOffline } from '../../offline/OfflineContext';
import { formatAsOf } from '../../offline/format-as-of';
import { useLocale } from '../records/format';
import { metricName } from './alert-text';
import { MetricTrend } from './MetricTrend';
import type { MonitoredPatient } from './monitoring-data';
import { usePractitioner } from './practitioner';

/** Readings shown per metric (newest); the chart shows the rest. */
const TABLE_ROWS = 20;

/** "142/91 mm[Hg]", "86.5 kg", "< 20 mg/dL", with a missing component said so. */
export function formatReadingValue(r: Reading, missing: string): string {
  const slot = (name: 'value' | 'systolic' | 'diastolic'): string | undefined => {
    const v = r.values[name];
    if (!v) return undefined;
    if (v.kind === 'absent') return missing;
    return `${v.comparator ? `${v.comparator} ` : ''}${String(v.value)}`;
  };
  const unitOf = (): string => {
    for (const v of Object.values(r.values)) if (v.kind === 'measured') return v.unitSent;
    return '';
  };
  const sys = slot('systolic');
  const dia = slot('diastolic');
  const text =
    sys !== undefined || dia !== undefined
      ? `${sys ?? missing}/${dia ?? missing}`
      : (slot('value') ?? missing);
  const unit = unitOf();
  return unit ? `${text} ${unit}` : text;
}

export function ReadingsByMetric(props: {
  patient: MonitoredPatient;
  row: TriageRow;
  onDone: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const { patient, row } = props;
  const metrics = patient.plan.metrics.filter((m) => m.active);
  return (
    <Stack gap="lg">
      {row.flagged.length > 0 ? (
        <section aria-labelledby="monitoring-flagged-title" data-testid="flagged-readings">
          <Title order={3} size="h5" id="monitoring-flagged-title">
            {t('readings.flaggedTitle')}
          </Title>
          <ReadingTable readings={row.flagged} patient={patient} onDone={props.onDone} showFlags />
        </section>
      ) : null}
      {metrics.map((m) => {
        const readings = patient.readings
          .filter((r) => r.metric === m.metric && r.epoch !== undefined)
          .sort((a, b) => (b.epoch ?? 0) - (a.epoch ?? 0));
        return (
          <section
            key={m.metric}
            aria-labelledby={`metric-${m.metric}`}
            data-testid="metric-section"
            data-metric={m.metric}
          >
            <Title order={3} size="h5" id={`metric-${m.metric}`}>
              {metricName(t, m.metric)}
            </Title>
            {readings.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('readings.none')}
              </Text>
            ) : (
              <MetricTrend metric={m} readings={readings} />
            )}
            {readings.length === 0 ? null : (
              <ReadingTable
                readings={readings.slice(0, TABLE_ROWS)}
                patient={patient}
                onDone={props.onDone}
              />
            )}
          </section>
        );
      })}
    </Stack>
  );
}

function ReadingTable(props: {
  readings: readonly Reading[];
  patient: MonitoredPatient;
  onDone: () => void;
  showFlags?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  return (
    <Table striped data-testid="readings-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('readings.time')}</Table.Th>
          <Table.Th>{t('readings.value')}</Table.Th>
          <Table.Th>{t('readings.device')}</Table.Th>
          <Table.Th>{t('readings.status')}</Table.Th>
          <Table.Th>
            <span className="sr-only">{t('readings.actions')}</span>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.readings.map((r) => (
          <ReadingRow
            key={r.id}
            reading={r}
            patient={props.patient}
            onDone={props.onDone}
            showFlags={props.showFlags === true}
          />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ReadingRow(props: {
  reading: Reading;
  patient: MonitoredPatient;
  onDone: () => void;
  showFlags: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const offline = useOffline();
  const practitioner = usePractitioner();
  const { reading } = props;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const provenanceId = useRef<string | undefined>(undefined);
  const observation = props.patient.observations.get(reading.id);
  const invalid = reading.status === 'entered-in-error';

  async function invalidate(): Promise<void> {
    if (!observation) return;
    setBusy(true);
    setError(undefined);
    try {
      provenanceId.current ??= globalThis.crypto.randomUUID();
      const { observation: updated, provenance } = buildInvalidation({
        observation,
        provenanceId: provenanceId.current,
        reason,
        practitioner,
        recorded: new Date().toISOString(),
      });
      const label = t('readings.invalidateLabel', { value: formatReadingValue(reading, '—') });
      await offline.scope.outbox.enqueue({
        patientId: props.patient.patientId,
        resource: updated,
        label,
        mode: 'replace',
      });
      await offline.scope.outbox.enqueue({
        patientId: props.patient.patientId,
        resource: provenance,
        label,
      });
      provenanceId.current = undefined;
      setOpen(false);
      void offline.flushOutbox();
      props.onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Table.Tr data-testid="reading-row" data-reading-id={reading.id} data-status={reading.status}>
      <Table.Td data-i18n-ignore="">
        {reading.epoch !== undefined ? formatAsOf(reading.epoch, locale) : '—'}
      </Table.Td>
      <Table.Td data-i18n-ignore="" style={invalid ? { textDecoration: 'line-through' } : {}}>
        {formatReadingValue(reading, t('readings.missing'))}
      </Table.Td>
      <Table.Td data-i18n-ignore="">{reading.device?.display ?? ''}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {invalid ? <Badge color="gray">{t('readings.invalid')}</Badge> : null}
          {reading.patientEntered ? (
            <Badge variant="light" color="blue">
              {t('readings.patientEntered')}
            </Badge>
          ) : null}
          {props.showFlags
            ? reading.flags.map((f, i) => (
                <Badge
                  key={`${f.kind}-${String(i)}`}
                  color="orange"
                  variant="light"
                  data-testid="reading-flag"
                >
                  {t(`flags.${f.kind}`)}
                </Badge>
              ))
            : null}
        </Group>
      </Table.Td>
      <Table.Td>
        {invalid || !observation ? null : open ? (
          <Stack gap={4}>
            <TextInput
              label={t('readings.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-testid="invalidate-reason"
            />
            <Group gap={4}>
              <Button
                size="xs"
                color="red"
                disabled={!reason.trim()}
                loading={busy}
                onClick={() => void invalidate()}
                data-testid="invalidate-confirm"
              >
                {t('readings.invalidate')}
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setOpen(false)}>
                {t('patient.cancel')}
              </Button>
            </Group>
            {error ? (
              <Text size="xs" c="red" role="alert">
                {error}
              </Text>
            ) : null}
          </Stack>
        ) : (
          <Button size="xs" variant="subtle" onClick={() => setOpen(true)} data-testid="invalidate">
            {t('readings.invalidate')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
