/**
 * The printable monitoring report (issue 5, "Printable report"): one A4 page per patient with
 * the patient banner, the status with open and snoozed alerts, and per metric the trend over
 * the last 30 days (images, see report-images.ts) with its thresholds — who set each and when
 * — and for a CGM the 14-day AGP with the consensus metrics. Values keep the units the charts
 * say; the thresholds are shown in the unit they were set in.
 */
import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import { METRICS, type ValueSlot } from '../../../../shared/monitoring/metrics';
import type { PlanMetric } from '../../../../shared/monitoring/plan';
import type { TriageRow } from '../../../../shared/monitoring/triage';
import { unitLabel } from '../../../../shared/monitoring/units';
import { formatAsOf } from '../../offline/format-as-of';
import { PatientBanner } from '../records/PatientBanner';
import { useLocale } from '../records/format';
import { alertText, metricName } from './alert-text';
import type { MonitoredPatient } from './monitoring-data';
import { agpChartImage, metricChartImage } from './report-images';
import { snoozeUntilText } from './snooze-text';
import { thresholdRule } from './threshold-text';
import { agpOf, slotSeries, slotsOf, slotThresholds } from './trend-data';

const DAY_MS = 86_400_000;
/** Days of trend on the page; the AGP uses the consensus 14 days. */
export const REPORT_DAYS = 30;
const AGP_DAYS = 14;
/** Print size of a chart in CSS px (≈ 180 mm × 30 mm on A4 at 96 dpi). */
const CHART = { width: 680, height: 112 };

export function MonitoringReport(props: {
  entries: readonly { patient: MonitoredPatient; row: TriageRow }[];
  /** When the report was made (epoch ms): the trend windows end here. */
  at: number;
}): React.JSX.Element {
  return (
    <div data-testid="monitoring-report">
      {props.entries.map((e) => (
        <ReportPage key={e.patient.patientId} patient={e.patient} row={e.row} at={props.at} />
      ))}
    </div>
  );
}

function ReportPage(props: {
  patient: MonitoredPatient;
  row: TriageRow;
  at: number;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const { patient, row } = props;
  return (
    <article
      className="cw-report-page"
      data-testid="monitoring-report-page"
      data-patient-id={patient.patientId}
    >
      <Stack gap={6}>
        {patient.patient ? (
          <PatientBanner patient={patient.patient} />
        ) : (
          <Text fw={600} data-i18n-ignore="">
            {patient.patientId}
          </Text>
        )}
        <Group justify="space-between" align="baseline">
          <Title order={1} size="h4">
            {t('report.title')}
          </Title>
          <Text size="xs">
            {t('report.generated', {
              time: formatAsOf(props.at, locale, props.at),
              days: REPORT_DAYS,
              interpolation: { escapeValue: false },
            })}
          </Text>
        </Group>
        <Group gap="xs">
          <Badge variant="outline">{t(`category.${row.category}`)}</Badge>
          {row.lastReadingAt !== undefined ? (
            <Text size="xs">
              {t('report.lastReading', {
                time: formatAsOf(row.lastReadingAt, locale, props.at),
                interpolation: { escapeValue: false },
              })}
            </Text>
          ) : null}
        </Group>
        <section>
          <Text size="sm" fw={600}>
            {t('patient.alerts')}
          </Text>
          {row.alerts.length === 0 ? (
            <Text size="xs">{t('patient.noAlerts')}</Text>
          ) : (
            row.alerts.slice(0, 6).map((a) => (
              <Text size="xs" key={a.id} data-testid="report-alert">
                {t(`category.${a.level}`)} · {alertText(t, a)}
              </Text>
            ))
          )}
          {row.alerts.length > 6 ? (
            <Text size="xs">{t('report.moreAlerts', { count: row.alerts.length - 6 })}</Text>
          ) : null}
          {row.snoozed.map(({ alert, snooze }) => (
            <Text size="xs" key={alert.id}>
              {t('snooze.item', {
                alert: alertText(t, alert),
                until: snoozeUntilText(t, snooze, locale),
                interpolation: { escapeValue: false },
              })}
            </Text>
          ))}
        </section>
        {patient.plan.metrics
          .filter((m) => m.active)
          .map((m) => (
            <ReportMetric key={m.metric} metric={m} patient={patient} at={props.at} />
          ))}
      </Stack>
    </article>
  );
}

function ReportMetric(props: {
  metric: PlanMetric;
  patient: MonitoredPatient;
  at: number;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const locale = useLocale();
  const { metric, patient } = props;
  const readings = useMemo(
    () => patient.readings.filter((r) => r.metric === metric.metric),
    [patient.readings, metric.metric],
  );
  const number = useMemo(
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    [locale],
  );
  // Drawn once per report (not on every poll that re-renders the page behind it).
  const { images, agp, agpSrc } = useMemo(() => {
    const dayFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
    const unit = unitLabel(METRICS[metric.metric].canonicalUnit);
    const window = { from: props.at - REPORT_DAYS * DAY_MS, to: props.at };
    const images = slotsOf(metric.metric).map((slot: ValueSlot) => ({
      slot,
      src: metricChartImage(slotSeries(readings, slot), slotThresholds(metric, slot), {
        ...CHART,
        height: metric.metric === 'blood-pressure' ? CHART.height * 0.8 : CHART.height,
        window,
        unitLabel: unit,
        formatTime: (x) => dayFormat.format(new Date(x)),
        formatValue: (v) => number.format(v),
        tzOffsetMinutes: (x) => -new Date(x).getTimezoneOffset(),
      }),
    }));
    const agp = metric.metric === 'cgm-glucose' ? agpOf(readings, AGP_DAYS) : undefined;
    const agpSrc = agp
      ? agpChartImage(agp.profile, {
          ...CHART,
          height: 150,
          formatHour: (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:00`,
          formatValue: (v) => number.format(v),
        })
      : undefined;
    return { images, agp, agpSrc };
  }, [readings, metric, props.at, locale, number]);
  const pct = (v: number | null | undefined): string =>
    v === null || v === undefined ? '—' : `${number.format(v)} %`;
  const name = metricName(t, metric.metric);

  return (
    <section className="cw-report-metric" data-testid="report-metric" data-metric={metric.metric}>
      <Text size="sm" fw={600}>
        {name}
      </Text>
      {images.map(({ slot, src }) =>
        src ? (
          <img
            key={slot}
            src={src}
            width={CHART.width}
            alt={t('trend.aria', {
              name: slot === 'value' ? name : `${name} (${t(`slot.${slot}`)})`,
              days: REPORT_DAYS,
            })}
            data-testid="report-chart"
          />
        ) : (
          <Text key={slot} size="xs">
            {readings.length === 0 ? t('readings.none') : t('report.noChart')}
          </Text>
        ),
      )}
      {agp ? (
        <>
          {agpSrc ? (
            <img
              src={agpSrc}
              width={CHART.width}
              alt={t('agp.aria', { days: AGP_DAYS })}
              data-testid="report-agp"
            />
          ) : null}
          <Text size="xs" data-testid="report-agp-metrics">
            {[
              t('agp.tir', { value: pct(agp.metrics.ranges.inRange.percent) }),
              t('agp.below70', { value: pct(agp.metrics.ranges.below70.percent) }),
              t('agp.below54', { value: pct(agp.metrics.ranges.below54.percent) }),
              t('agp.above180', { value: pct(agp.metrics.ranges.above180.percent) }),
              t('agp.gmi', { value: pct(agp.metrics.gmiPercent) }),
              t('agp.cv', { value: pct(agp.metrics.cvPercent) }),
              t('agp.wear', { value: pct(agp.metrics.wearPercent) }),
            ].join(' · ')}
          </Text>
        </>
      ) : null}
      {metric.thresholds.length > 0 ? (
        <table data-testid="report-thresholds">
          <tbody>
            {metric.thresholds.map((th) => (
              <tr key={`${th.level}-${th.kind}-${th.component ?? ''}`}>
                <td>{t(`category.${th.level}`)}</td>
                <td>{thresholdRule(t, metric.metric, th)}</td>
                <td>
                  {th.setBy
                    ? t('thresholds.setBy', {
                        who: th.setBy.display ?? th.setBy.reference ?? '',
                        when: th.setAt ? formatFhirDate(th.setAt, locale) : '—',
                        interpolation: { escapeValue: false },
                      })
                    : t('thresholds.setByUnknown')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Text size="xs">{t('thresholds.none')}</Text>
      )}
    </section>
  );
}
