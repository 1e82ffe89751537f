/**
 * The trend of one monitored metric: a canvas chart (downsampled, pannable) over 7/14/30/90
 * days with the patient's absolute thresholds as red/yellow bands; blood pressure as two
 * charts (systolic, diastolic). Values are drawn in the metric's canonical unit — readings
 * sent in another unit are converted and the axis says so; the table beside it keeps every
 * value as sent. For a CGM: the AGP (24-hour percentile bands) and the consensus metrics.
 */
import { Group, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METRICS, type ValueSlot } from '../../../../shared/monitoring/metrics';
import type { PlanMetric } from '../../../../shared/monitoring/plan';
import type { Reading } from '../../../../shared/monitoring/readings';
import { unitLabel } from '../../../../shared/monitoring/units';
import { useLocale } from '../records/format';
import { AgpCanvasChart } from './charts/AgpCanvasChart';
import { MetricCanvasChart } from './charts/MetricCanvasChart';
import type { VisibleSummary } from './charts/summarize';
import { metricName } from './alert-text';
import { agpOf, slotSeries, slotsOf, slotThresholds } from './trend-data';

const RANGES = [7, 14, 30, 90] as const;
type Days = (typeof RANGES)[number];

export function MetricTrend(props: {
  metric: PlanMetric;
  readings: readonly Reading[];
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const [days, setDays] = useState<Days>(props.metric.metric === 'cgm-glucose' ? 14 : 30);
  const def = METRICS[props.metric.metric];
  const canonical = def.canonicalUnit;
  const mixedUnits = props.readings.some((r) =>
    Object.values(r.values).some((v) => v.kind === 'measured' && v.unit && v.unit !== canonical),
  );
  const axisUnit = mixedUnits
    ? t('trend.converted', { unit: unitLabel(canonical) })
    : unitLabel(canonical);
  const number = useMemo(
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    [locale],
  );
  const timeFormat = useMemo(
    () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }),
    [locale],
  );
  return (
    <Stack gap="xs" data-testid="metric-trend">
      <Group justify="space-between">
        <SegmentedControl
          size="xs"
          aria-label={t('trend.range')}
          value={String(days)}
          onChange={(v) => setDays(Number(v) as Days)}
          data={RANGES.map((d) => ({ value: String(d), label: t('trend.days', { count: d }) }))}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, md: slotsOf(props.metric.metric).length }}>
        {slotsOf(props.metric.metric).map((slot) => (
          <SlotChart
            key={slot}
            slot={slot}
            days={days}
            metric={props.metric}
            readings={props.readings}
            axisUnit={axisUnit}
            formatValue={(v) => number.format(v)}
            formatTime={(x) => timeFormat.format(new Date(x))}
          />
        ))}
      </SimpleGrid>
      {props.metric.metric === 'cgm-glucose' ? (
        <Agp readings={props.readings} days={days} formatValue={(v) => number.format(v)} />
      ) : null}
    </Stack>
  );
}

function SlotChart(props: {
  slot: ValueSlot;
  days: Days;
  metric: PlanMetric;
  readings: readonly Reading[];
  axisUnit: string;
  formatValue: (v: number) => string;
  formatTime: (t: number) => string;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const { slot, metric } = props;
  const series = useMemo(() => slotSeries(props.readings, slot), [props.readings, slot]);
  const thresholds = useMemo(() => slotThresholds(metric, slot), [metric, slot]);
  const name =
    slot === 'value'
      ? metricName(t, metric.metric)
      : `${metricName(t, metric.metric)} (${t(`slot.${slot}`)})`;
  const describe = (s: VisibleSummary | null): string =>
    s && s.min && s.max
      ? t('trend.summary', {
          count: s.count,
          min: props.formatValue(s.min.value),
          max: props.formatValue(s.max.value),
          unit: props.axisUnit,
        })
      : t('trend.empty');
  if (series.xs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('readings.none')}
      </Text>
    );
  }
  return (
    <MetricCanvasChart
      series={series}
      thresholds={thresholds}
      range={props.days}
      unitLabel={props.axisUnit}
      ariaLabel={t('trend.aria', { name, days: props.days })}
      formatTime={props.formatTime}
      formatValue={props.formatValue}
      describe={describe}
      height={180}
    />
  );
}

function Agp(props: {
  readings: readonly Reading[];
  days: Days;
  formatValue: (v: number) => string;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const { profile, metrics } = useMemo(
    () => agpOf(props.readings, props.days),
    [props.readings, props.days],
  );
  const pct = (v: number | null | undefined): string =>
    v === null || v === undefined ? '—' : `${props.formatValue(v)} %`;
  return (
    <Stack gap="xs" data-testid="agp">
      <Text size="sm" fw={600}>
        {t('agp.title', { days: props.days })}
      </Text>
      <AgpCanvasChart
        profile={profile}
        unitLabel="mg/dL"
        toDisplay={(v) => v}
        formatHour={(m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:00`}
        formatValue={props.formatValue}
        ariaLabel={t('agp.aria', { days: props.days })}
        summary={t('agp.summary', {
          tir: pct(metrics.ranges.inRange.percent),
          below70: pct(metrics.ranges.below70.percent),
        })}
        height={200}
      />
      <Group gap="lg" data-testid="agp-metrics">
        <Text size="sm">{t('agp.tir', { value: pct(metrics.ranges.inRange.percent) })}</Text>
        <Text size="sm">{t('agp.below70', { value: pct(metrics.ranges.below70.percent) })}</Text>
        <Text size="sm">{t('agp.below54', { value: pct(metrics.ranges.below54.percent) })}</Text>
        <Text size="sm">{t('agp.above180', { value: pct(metrics.ranges.above180.percent) })}</Text>
        <Text size="sm">{t('agp.above250', { value: pct(metrics.ranges.above250.percent) })}</Text>
        <Text size="sm">{t('agp.gmi', { value: pct(metrics.gmiPercent) })}</Text>
        <Text size="sm">{t('agp.cv', { value: pct(metrics.cvPercent) })}</Text>
        <Text size="sm">{t('agp.wear', { value: pct(metrics.wearPercent) })}</Text>
      </Group>
    </Stack>
  );
}
