/**
 * What the clinician sees when their threshold save met someone else's: the server refused our
 * versioned PUT (412, If-Match) and the CarePlan there holds another workstation's change. The
 * panel says so, shows the change that was *not* saved (it is kept in the outbox, never lost)
 * and the thresholds on the server now, with who set them, and offers two ways out:
 * - re-apply: the same changes replayed on the server's version (shared/monitoring/plan-conflict)
 *   and queued as a new versioned PUT, swapped for the conflicts in one outbox transaction;
 * - discard: keep the server's thresholds and drop the unsaved change.
 * Each conflict is audited once when first shown (outcome failure), and so is the decision.
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 */
import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import type { CarePlan } from 'fhir/r4';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import { parseMonitoringPlan } from '../../../../shared/monitoring/plan';
import {
  PLAN_COMPARE_FIELDS,
  reapplyThresholdChanges,
  thresholdEditIntent,
} from '../../../../shared/monitoring/plan-conflict';
import { formatAsOf } from '../../offline/format-as-of';
import { useOffline } from '../../offline/OfflineContext';
import { useAudit } from '../audit/useAudit';
import { useLocale } from '../records/format';
import { metricName } from './alert-text';
import type { MonitoredPatient } from './monitoring-data';
import { usePractitioner } from './practitioner';
import { changeText, describeChange, thresholdRule } from './threshold-text';
import type { PlanConflict } from './useThresholdConflicts';

/** Audit details are short and machine-readable (≤ 500 characters, no free text). */
const auditDetail = (what: string, conflicts: readonly PlanConflict[]): string => {
  const changes = conflicts.flatMap((c) => c.changes?.map(describeChange) ?? [c.label]);
  return `${what}: ${changes.join('; ')}`.slice(0, 500);
};

function ServerThresholds(props: { carePlan: CarePlan | undefined }): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  if (!props.carePlan) return <Text size="sm">{t('thresholds.conflict.deleted')}</Text>;
  const parsed = parseMonitoringPlan(props.carePlan);
  if (!parsed.ok) {
    return <Text size="sm">{t('thresholds.conflict.unreadable', { error: parsed.error })}</Text>;
  }
  const metrics = parsed.plan.metrics.filter((m) => m.thresholds.length > 0);
  return (
    <List size="sm" data-testid="conflict-server-thresholds">
      {metrics.length === 0 ? <List.Item>{t('thresholds.conflict.noneOnServer')}</List.Item> : null}
      {metrics.flatMap((m) =>
        m.thresholds.map((th) => (
          <List.Item key={`${m.metric}-${th.level}-${th.kind}-${th.component ?? ''}`}>
            {t('thresholds.conflict.serverRule', {
              metric: metricName(t, m.metric),
              level: t(`category.${th.level}`),
              rule: thresholdRule(t, m.metric, th),
              who: th.setBy?.display ?? th.setBy?.reference ?? '—',
              when: th.setAt ? formatFhirDate(th.setAt, locale) : '—',
              interpolation: { escapeValue: false },
            })}
          </List.Item>
        )),
      )}
    </List>
  );
}

export function ThresholdConflict(props: {
  patient: MonitoredPatient;
  conflicts: readonly PlanConflict[];
  onResolved: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const offline = useOffline();
  const practitioner = usePractitioner();
  const audit = useAudit();
  const { patient, conflicts } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const { outbox } = offline.scope;
  const patientRef = `Patient/${patient.patientId}`;
  const planRef = `CarePlan/${patient.plan.carePlanId}`;
  // The newest server version any of them saw is what a re-apply builds on.
  const latest = [...conflicts].sort((a, b) => b.detectedAt - a.detectedAt)[0];
  const server = latest?.server;
  const changes = conflicts.flatMap((c) => c.changes ?? []);
  const replayable = server !== undefined && conflicts.every((c) => c.changes !== undefined);

  // Audit each conflict once, when it is first shown (one tab wins the claim).
  useEffect(() => {
    for (const c of conflicts) {
      if (c.noticed) continue;
      void outbox.markConflictNoticed(c.entryId).then(
        (first) => {
          if (!first) return;
          const version = c.server?.meta?.versionId ?? 'deleted';
          void audit({
            action: 'threshold-changed',
            outcome: 'failure',
            patient: patientRef,
            entity: { reference: planRef, type: 'CarePlan' },
            detail: auditDetail(`conflict, not applied (server version ${version})`, [c]),
          });
        },
        (e: unknown) => console.warn('Marking the conflict failed', e),
      );
    }
  }, [conflicts, outbox, audit, patientRef, planRef]);

  async function resolve(reapply: boolean): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const ids = conflicts.map((c) => c.entryId);
      if (reapply && server) {
        const now = new Date().toISOString();
        const edited = reapplyThresholdChanges(server, changes, practitioner, now);
        if (!edited.ok) {
          setError(t('thresholds.errors.plan', { error: edited.error }));
          return;
        }
        const version = server.meta?.versionId;
        await outbox.resolveConflicts(ids, {
          patientId: patient.patientId,
          resource: edited.carePlan,
          label: t('thresholds.conflict.label', { change: changes.map(describeChange).join('; ') }),
          mode: 'replace',
          ...(version !== undefined ? { ifMatch: version, compare: PLAN_COMPARE_FIELDS } : {}),
          intent: thresholdEditIntent(changes),
        });
        void offline.flushOutbox();
      } else {
        await outbox.resolveConflicts(ids);
      }
      void audit({
        action: 'threshold-changed',
        outcome: reapply ? 'success' : 'failure',
        patient: patientRef,
        entity: { reference: planRef, type: 'CarePlan' },
        detail: auditDetail(
          reapply ? 're-applied after a conflict' : 'discarded after a conflict',
          conflicts,
        ),
      });
      props.onResolved();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Alert
      color="orange"
      role="alert"
      title={t('thresholds.conflict.title')}
      data-testid="threshold-conflict"
    >
      <Stack gap="xs">
        <Text size="sm">
          {t('thresholds.conflict.body', {
            time: latest ? formatAsOf(latest.detectedAt, locale) : '—',
          })}
        </Text>
        <Text size="sm" fw={600}>
          {t('thresholds.conflict.yours')}
        </Text>
        <List size="sm" data-testid="conflict-my-changes">
          {conflicts.flatMap((c) =>
            c.changes
              ? c.changes.map((ch, i) => (
                  <List.Item key={`${c.entryId}-${i}`}>{changeText(t, ch)}</List.Item>
                ))
              : [
                  <List.Item key={c.entryId}>
                    {t('thresholds.conflict.noIntent', {
                      label: c.label,
                      interpolation: { escapeValue: false },
                    })}
                  </List.Item>,
                ],
          )}
        </List>
        <Text size="sm" fw={600}>
          {server?.meta?.versionId
            ? t('thresholds.conflict.serverVersion', { version: server.meta.versionId })
            : t('thresholds.conflict.server')}
        </Text>
        <ServerThresholds carePlan={server} />
        <Group gap="xs">
          <Button
            size="xs"
            disabled={!replayable}
            loading={busy}
            onClick={() => void resolve(true)}
            data-testid="conflict-reapply"
          >
            {t('thresholds.conflict.reapply')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            disabled={busy}
            onClick={() => void resolve(false)}
            data-testid="conflict-discard"
          >
            {t('thresholds.conflict.discard')}
          </Button>
        </Group>
        {error ? (
          <Text size="xs" c="red" role="alert">
            {error}
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}
