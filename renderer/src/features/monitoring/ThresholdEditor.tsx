/**
 * The patient's alarm thresholds per metric, editable (issue 5, action "edit thresholds"):
 * each red/yellow limit with who set it and when; add, change or remove one. A save is one
 * whole-CarePlan PUT through the outbox (shared/monitoring/plan-edit `setThreshold` records
 * setBy/setAt), queued exactly once per click and sent also after an outage. An edit builds
 * on the newest queued version of the plan, so a second edit before the first reached the
 * server never undoes it (threshold-form `latestCarePlan`).
 *
 * Concurrent edits by another workstation: the outbox's 'replace' mode sends a whole-resource
 * PUT without If-Match (it has no conditional update yet, and counts a 412 as delivered), so
 * the later save wins on the server and the next sync shows the server's version here. With
 * an If-Match mode in the outbox, `plan.versionId` (meta.versionId as read) is the version to
 * send, and a 412 would become "changed meanwhile — review and save again".
 */
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CarePlan } from 'fhir/r4';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import type { PlanMetric } from '../../../../shared/monitoring/plan';
import { setThreshold, type ThresholdChange } from '../../../../shared/monitoring/plan-edit';
import type { Threshold } from '../../../../shared/monitoring/threshold';
import { useOffline } from '../../offline/OfflineContext';
import { useAudit } from '../audit/useAudit';
import { useLocale } from '../records/format';
import { metricName } from './alert-text';
import type { MonitoredPatient } from './monitoring-data';
import { usePractitioner } from './practitioner';
import { ThresholdFormFields } from './ThresholdFormFields';
import { thresholdRule } from './threshold-text';
import { latestCarePlan, type QueuedPlan } from './threshold-form';

const sameRule = (a: Threshold, b: Threshold): boolean =>
  a.level === b.level && a.kind === b.kind && a.component === b.component;

/** What a change does, for the outbox label and the audit trail (plain, not translated). */
function describeChange(change: ThresholdChange): string {
  const rule = `${change.metric} ${change.level} ${change.kind}${change.component ? ` ${change.component}` : ''}`;
  if (!change.limit) return `${rule}: removed`;
  const w = change.limit.window
    ? ` in ${change.limit.window.value} ${change.limit.window.unit}`
    : '';
  return `${rule}: ${change.limit.value} ${change.limit.unit}${w}`;
}

export function ThresholdEditor(props: {
  patient: MonitoredPatient;
  onSaved: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const { patient } = props;
  return (
    <section aria-labelledby="monitoring-thresholds-title" data-testid="threshold-editor">
      <Title order={3} size="h5" id="monitoring-thresholds-title">
        {t('thresholds.title')}
      </Title>
      <Stack gap="md" mt="xs">
        {patient.plan.metrics.map((m) => (
          <MetricThresholds key={m.metric} metric={m} patient={patient} onSaved={props.onSaved} />
        ))}
      </Stack>
    </section>
  );
}

type Editing = { existing?: Threshold } | undefined;

function MetricThresholds(props: {
  metric: PlanMetric;
  patient: MonitoredPatient;
  onSaved: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const offline = useOffline();
  const practitioner = usePractitioner();
  const audit = useAudit();
  const { metric, patient } = props;
  const [editing, setEditing] = useState<Editing>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  /** The plan to edit: the cache, or a newer version already queued in the outbox. */
  async function currentPlan(): Promise<CarePlan> {
    const { outbox } = offline.scope;
    const entries = (await outbox.list(patient.patientId)).filter(
      (e) => e.resourceType === 'CarePlan',
    );
    const queued: QueuedPlan[] = [];
    for (const e of entries) {
      const body = await outbox.body(e.id);
      if (body?.resourceType === 'CarePlan') {
        queued.push({ body, createdAt: e.createdAt, state: e.state });
      }
    }
    return latestCarePlan(patient.carePlan, queued);
  }

  async function save(change: ThresholdChange): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const base = await currentPlan();
      const edited = setThreshold(base, change, practitioner, new Date().toISOString());
      if (!edited.ok) {
        setError(t('thresholds.errors.plan', { error: edited.error }));
        return;
      }
      const detail = describeChange(change);
      await offline.scope.outbox.enqueue({
        patientId: patient.patientId,
        resource: edited.carePlan,
        label: t('thresholds.label', { change: detail }),
        mode: 'replace',
      });
      void offline.flushOutbox();
      void audit({
        action: 'threshold-changed',
        patient: `Patient/${patient.patientId}`,
        entity: { reference: `CarePlan/${patient.plan.carePlanId}`, type: 'CarePlan' },
        detail,
        outcome: 'success',
      });
      setEditing(undefined);
      props.onSaved();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const remove = (th: Threshold): Promise<void> =>
    save({
      metric: metric.metric,
      level: th.level,
      kind: th.kind,
      ...(th.component ? { component: th.component } : {}),
      limit: null,
    });

  return (
    <Stack gap={4} data-testid="metric-thresholds" data-metric={metric.metric}>
      <Text size="sm" fw={600}>
        {metricName(t, metric.metric)}
      </Text>
      {metric.thresholds.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('thresholds.none')}
        </Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {metric.thresholds.map((th) => (
              <Table.Tr
                key={`${th.level}-${th.kind}-${th.component ?? ''}`}
                data-testid="threshold-row"
                data-level={th.level}
                data-kind={th.kind}
                data-component={th.component ?? ''}
              >
                <Table.Td>{t(`category.${th.level}`)}</Table.Td>
                <Table.Td data-testid="threshold-rule">
                  {thresholdRule(t, metric.metric, th)}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" data-testid="threshold-set-by">
                    {th.setBy
                      ? t('thresholds.setBy', {
                          who: th.setBy.display ?? th.setBy.reference ?? '',
                          when: th.setAt ? formatFhirDate(th.setAt, locale) : '—',
                        })
                      : t('thresholds.setByUnknown')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      disabled={busy}
                      onClick={() => setEditing({ existing: th })}
                      data-testid="threshold-edit"
                    >
                      {t('thresholds.edit')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      disabled={busy}
                      onClick={() => void remove(th)}
                      data-testid="threshold-remove"
                    >
                      {t('thresholds.remove')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing ? (
        <ThresholdFormFields
          metric={metric.metric}
          {...(editing.existing ? { existing: editing.existing } : {})}
          others={metric.thresholds.filter(
            (x) => !editing.existing || !sameRule(x, editing.existing),
          )}
          busy={busy}
          onSave={(change) => void save(change)}
          onCancel={() => setEditing(undefined)}
        />
      ) : (
        <Group>
          <Button
            size="xs"
            variant="light"
            onClick={() => setEditing({})}
            disabled={busy}
            data-testid="threshold-add"
          >
            {t('thresholds.add')}
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
