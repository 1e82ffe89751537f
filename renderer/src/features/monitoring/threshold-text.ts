/**
 * A threshold in the clinician's words ("above 180 mmHg (systolic)", "rise of 2 kg within
 * 3 days"), in the unit it was set in: a limit set in mmol/L is shown in mmol/L.
 */
import type { TFunction } from 'i18next';
import type { MetricKey } from '../../../../shared/monitoring/metrics';
import type { Threshold } from '../../../../shared/monitoring/threshold';
import { unitLabel } from '../../../../shared/monitoring/units';

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
