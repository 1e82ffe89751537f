/**
 * An alert's reason in the clinician's language: the rules engine gives a key and values
 * (shared/monitoring/alert-text.ts), the metric and level names are translated here. Falls
 * back to the engine's English text for a key this build does not know.
 */
import type { TFunction } from 'i18next';
import type { Alert } from '../../../../shared/monitoring/alerts';
import type { MetricKey } from '../../../../shared/monitoring/metrics';

const METRIC_I18N: Readonly<Record<MetricKey, string>> = {
  'blood-pressure': 'bloodPressure',
  weight: 'weight',
  spo2: 'spo2',
  'heart-rate': 'heartRate',
  glucose: 'glucose',
  'cgm-glucose': 'cgmGlucose',
};

export function metricName(t: TFunction<'monitoring'>, metric: MetricKey): string {
  return t(`metric.${METRIC_I18N[metric]}`);
}

export function alertText(t: TFunction<'monitoring'>, alert: Alert): string {
  const values = alert.reason.values;
  const slot = typeof values.slot === 'string' ? values.slot : undefined;
  const name =
    slot === 'systolic' || slot === 'diastolic'
      ? `${metricName(t, alert.metric)} (${t(`slot.${slot}`)})`
      : metricName(t, alert.metric);
  const level = typeof values.level === 'string' ? values.level : alert.level;
  let key = alert.reason.key;
  if (key === 'alert.missed' && values.since === 'never') key = 'alert.missedNever';
  const known = [
    'alert.above',
    'alert.below',
    'alert.rise',
    'alert.fall',
    'alert.missed',
    'alert.missedNever',
    'alert.cgmWear',
    'alert.cgmGap',
  ];
  if (!known.includes(key)) return alert.text;
  return t(key as 'alert.above', {
    ...values,
    name,
    levelName: t(`level.${level === 'yellow' ? 'yellow' : level === 'red' ? 'red' : 'missed'}`),
    interpolation: { escapeValue: false },
  });
}
