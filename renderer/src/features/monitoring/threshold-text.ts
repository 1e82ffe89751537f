/**
 * A threshold in the clinician's words ("above 180 mmHg (systolic)", "rise of 2 kg within
 * 3 days"), in the unit it was set in: a limit set in mmol/L is shown in mmol/L; and a change
 * to thresholds, in words (the conflict panel) and in plain English (labels, audit).
 */
import type { TFunction } from 'i18next';
import type { MetricKey } from '../../../../shared/monitoring/metrics';
import type { ThresholdChange } from '../../../../shared/monitoring/plan-edit';
import type { Threshold } from '../../../../shared/monitoring/threshold';
import { unitLabel } from '../../../../shared/monitoring/units';
import { metricName } from './alert-text';

export function thresholdRule(
  t: TFunction<'monitoring'>,
  metric: MetricKey,
  th: Threshold,
): string {
  const values = {
    value: th.value,
    unit: unitLabel(th.unit),
    interpolation: { escapeValue: false },
  };
  const rule =
    th.kind === 'rise' || th.kind === 'fall'
      ? t(`thresholds.rule.${th.kind}`, {
          ...values,
          window: th.window
            ? t(`thresholds.window.${th.window.unit}`, { count: th.window.value })
            : '?',
        })
      : t(`thresholds.rule.${th.kind}`, values);
  return metric === 'blood-pressure' && th.component
    ? t('thresholds.withComponent', {
        rule,
        component: t(`slot.${th.component}`),
        interpolation: { escapeValue: false },
      })
    : rule;
}

/** One change the clinician made, in their language ("Weight — Red: rise of 2 kg within 3 days"). */
export function changeText(t: TFunction<'monitoring'>, change: ThresholdChange): string {
  const metric =
    change.metric === 'blood-pressure' && change.component
      ? t('thresholds.withComponent', {
          rule: metricName(t, change.metric),
          component: t(`slot.${change.component}`),
          interpolation: { escapeValue: false },
        })
      : metricName(t, change.metric);
  const level = t(`category.${change.level}`);
  const values = { metric, level, interpolation: { escapeValue: false } };
  if (!change.limit) {
    return t('thresholds.changed.removed', {
      ...values,
      kind: t(`thresholds.kind.${change.kind}`),
    });
  }
  const { component: _c, ...rest } = change;
  const rule = thresholdRule(t, change.metric, { ...rest, ...change.limit });
  return t('thresholds.changed.set', { ...values, rule });
}

/** A change in plain English, for outbox labels and the audit trail (not translated). */
export function describeChange(change: ThresholdChange): string {
  const rule = `${change.metric} ${change.level} ${change.kind}${change.component ? ` ${change.component}` : ''}`;
  if (!change.limit) return `${rule}: removed`;
  const w = change.limit.window
    ? ` in ${change.limit.window.value} ${change.limit.window.unit}`
    : '';
  return `${rule}: ${change.limit.value} ${change.limit.unit}${w}`;
}
