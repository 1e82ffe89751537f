/**
 * The patient's alarm thresholds per metric, editable (issue 5, action "edit thresholds"):
 * each red/yellow limit with who set it and when; add, change or remove one. A save is one
 * whole-CarePlan PUT through the outbox (shared/monitoring/plan-edit `setThreshold` records
 * setBy/setAt), queued exactly once per click and sent also after an outage. An edit builds
 * on the newest queued version of the plan, so a second edit before the first reached the
 * server never undoes it (threshold-form `editBase`).
 *
 * Concurrent edits by another workstation: every save is a versioned PUT, `If-Match` with the
 * `meta.versionId` it was built on (`plan.versionId` as read, or that of the queued edit it
 * builds on), so the server refuses it when someone else saved first. The outbox then keeps
 * it as a conflict with the server's version, and {@link ThresholdConflict} shows both and
 * lets the clinician re-apply their change on the server's thresholds or discard it; other
 * edits wait until then. Each save carries its changes (plan-conflict intent) for that replay.
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 */
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import type { PlanMetric } from '../../../../shared/monitoring/plan';
import {
  PLAN_COMPARE_FIELDS,
  thresholdEditIntent,
} from '../../../../shared/monitoring/plan-conflict';
import { setThreshold, type ThresholdChange } from '../../../../shared/monitoring/plan-edit';
import type { Threshold } from '../../../../shared/monitoring/threshold';
import { useOffline } from '../../offline/OfflineContext';
import { useAudit } from '../audit/useAudit';
import { useLocale } from '../records/format';
import { metricName } from './alert-text';
import type { MonitoredPatient } from './monitoring-data';
import { usePractitioner } from './practitioner';
import { ThresholdFormFields } from './ThresholdFormFields';
import { describeChange, thresholdRule } from './threshold-text';
import { editBase, type EditBase, type QueuedPlan } from './threshold-form';
import { ThresholdConflict } from './ThresholdConflict';
import { useThresholdConflicts } from './useThresholdConflicts';

const sameRule = (a: Threshold, b: Threshold): boolean =>
  a.level === b.level && a.kind === b.kind && a.component === b.component;

export function ThresholdEditor(props: {
  patient: MonitoredPatient;
  onSaved: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const offline = useOffline();
  const { patient } = props;
  const conflicts = useThresholdConflicts(
    offline.scope.outbox,
    patient.patientId,
    patient.plan.carePlanId,
  );
  const blocked = conflicts.length > 0;
  return (
    <section aria-labelledby="monitoring-thresholds-title" data-testid="threshold-editor">
      <Title order={3} size="h5" id="monitoring-thresholds-title">
        {t('thresholds.title')}
      </Title>
      <Stack gap="md" mt="xs">
        {blocked ? (
          <ThresholdConflict patient={patient} conflicts={conflicts} onResolved={props.onSaved} />
        ) : null}
        {patient.plan.metrics.map((m) => (
          <MetricThresholds
            key={m.metric}
            metric={m}
            patient={patient}
            blocked={blocked}
            onSaved={props.onSaved}
          />
        ))}
      </Stack>
    </section>
  );
}

type Editing = { existing?: Threshold } | undefined;

function MetricThresholds(props: {
  metric: PlanMetric;
  patient: MonitoredPatient;
  /** An unresolved conflict: no other edit until the clinician has decided on it. */
  blocked: boolean;
  onSaved: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const offline = useOffline();
  const practitioner = usePractitioner();
  const audit = useAudit();
  const { metric, patient, blocked } = props;
  const [editing, setEditing] = useState<Editing>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const locked = busy || blocked;

  /** Where the edit starts: the cache, or a newer version already queued in the outbox. */
  async function currentBase(): Promise<EditBase> {
    const { outbox } = offline.scope;
    const entries = (await outbox.list(patient.patientId)).filter(
      (e) => e.resourceType === 'CarePlan',
    );
    const queued: QueuedPlan[] = [];
    for (const e of entries) {
      const d = await outbox.details(e.id);
      if (d?.body.resourceType !== 'CarePlan') continue;
      queued.push({
        id: e.id,
        body: d.body,
        createdAt: e.createdAt,
        state: e.state,
        ...(e.sentAt !== undefined ? { sentAt: e.sentAt } : {}),
        ...(d.ifMatch !== undefined ? { ifMatch: d.ifMatch } : {}),
      });
    }
    return editBase(patient.carePlan, patient.carePlanFetchedAt, queued);
  }

  async function save(change: ThresholdChange): Promise<void> {
    if (busy) return;
    if (blocked) {
      setError(t('thresholds.conflict.blocked'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const base = await currentBase();
      const edited = setThreshold(base.carePlan, change, practitioner, new Date().toISOString());
      if (!edited.ok) {
        setError(t('thresholds.errors.plan', { error: edited.error }));
        return;
      }
      const detail = describeChange(change);
      // Versioned when the server keeps versions (it may not: then the PUT is unconditional).
      await offline.scope.outbox.enqueue({
        patientId: patient.patientId,
        resource: edited.carePlan,
        label: t('thresholds.label', { change: detail }),
        mode: 'replace',
        ...(base.ifMatch !== undefined
          ? { ifMatch: base.ifMatch, compare: PLAN_COMPARE_FIELDS }
          : {}),
        ...(base.basedOn !== undefined ? { basedOn: base.basedOn } : {}),
        intent: thresholdEditIntent([change]),
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
                      disabled={locked}
                      onClick={() => setEditing({ existing: th })}
                      data-testid="threshold-edit"
                    >
                      {t('thresholds.edit')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      disabled={locked}
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
            disabled={locked}
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
