/**
 * Vitals and labs: an overview of every series (latest value, date, count), and for the
 * selected series a trend chart plus a table of every reading with its unit as sent. Only one
 * chart is drawn at a time and the table pages, so 10,000 Observations stay responsive.
 *
 * A series is one code in one unit: weight in kg and in [lb_av] are two series, each with a
 * visible "also recorded in …" note, so one axis never mixes units (nothing is converted).
 * A value with a comparator ("< 5 mg/L") is shown as sent in the table, marked "not drawn", and
 * left out of the line: plotting it as 5 would invent a measurement.
 */
import type { Observation } from 'fhir/r4';
import { useMemo, useState } from 'react';
import { LineChart } from '@mantine/charts';
import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  extractSeries,
  type ObservationPoint,
  type ObservationSeries,
} from '../../../../../shared/fhir/observations';
import { Data, NoneRecorded, NotLoaded } from '../ChartStates';
import { useFormatDate } from '../format';

/** Readings drawn in one chart; older ones stay in the table. */
export const CHART_POINT_LIMIT = 500;
const TABLE_PAGE = 25;

/** `(point) => display text`: the value as sent, or a translated summary of SampledData. */
export function usePointText(): (p: ObservationPoint) => string {
  const { t } = useTranslation('records');
  return (p) =>
    p.sampledData ? t('vitals.sampledData', { count: p.sampledData.dimensions }) : p.text;
}

function SeriesChart(props: { series: ObservationSeries }): React.JSX.Element | null {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const s = props.series;
  const dated = s.points.filter((p) => p.epoch !== undefined && p.value !== undefined);
  const censored = s.points.filter((p) => p.comparator !== undefined).length;
  if (s.kind === 'other' || dated.length === 0) return null;
  const shown = dated.slice(-CHART_POINT_LIMIT);
  const data = shown.map((p) => ({ date: formatDate(p.date), value: p.value, value2: p.value2 }));
  const series =
    s.kind === 'blood-pressure'
      ? [
          { name: 'value', label: t('vitals.systolic'), color: 'red.6' },
          { name: 'value2', label: t('vitals.diastolic'), color: 'blue.6' },
        ]
      : [{ name: 'value', label: s.label, color: 'teal.6' }];
  return (
    <Stack gap={4} data-testid="series-chart">
      <LineChart
        h={220}
        data={data}
        dataKey="date"
        series={series}
        withLegend={s.kind === 'blood-pressure'}
        connectNulls
        curveType="linear"
        withDots={shown.length <= 100}
      />
      {dated.length > CHART_POINT_LIMIT ? (
        <Text size="xs" c="dimmed">
          {t('vitals.chartLimited', { shown: CHART_POINT_LIMIT, total: dated.length })}
        </Text>
      ) : null}
      {censored > 0 ? (
        <Text size="xs" c="dimmed" data-testid="chart-censored-note">
          {t('vitals.censoredNotDrawn', { count: censored })}
        </Text>
      ) : null}
    </Stack>
  );
}

function SeriesTable(props: { series: ObservationSeries }): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const pointText = usePointText();
  const [limit, setLimit] = useState(TABLE_PAGE);
  const newestFirst = useMemo(() => [...props.series.points].reverse(), [props.series]);
  return (
    <Stack gap={4}>
      <Table striped data-testid="series-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('vitals.date')}</Table.Th>
            <Table.Th>{t('vitals.value')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.slice(0, limit).map((p, i) => (
            <Table.Tr
              key={p.observation.id ?? i}
              data-testid="reading-row"
              data-censored={p.comparator ? 'true' : undefined}
            >
              <Table.Td>
                <Data>{formatDate(p.date)}</Data>
              </Table.Td>
              <Table.Td>
                <Data>{pointText(p)}</Data>
                {p.comparator ? (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({t('vitals.censored')})
                  </Text>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {newestFirst.length > limit ? (
        <Button variant="subtle" size="xs" onClick={() => setLimit((l) => l + TABLE_PAGE * 4)}>
          {t('common.showMore', { shown: limit, total: newestFirst.length })}
        </Button>
      ) : null}
    </Stack>
  );
}

export function VitalsSection(props: {
  observations: Observation[];
  /** True when Observation could not be loaded from the server. */
  notLoaded?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const pointText = usePointText();
  const allSeries = useMemo(() => extractSeries(props.observations), [props.observations]);
  const defaultKey =
    allSeries.find((s) => s.kind === 'blood-pressure')?.key ??
    allSeries.find((s) => s.kind === 'numeric')?.key;
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined);
  const selected = allSeries.find((s) => s.key === (selectedKey ?? defaultKey));
  if (props.notLoaded) return <NotLoaded types={['Observation']} />;
  if (allSeries.length === 0) return <NoneRecorded />;
  return (
    <Stack>
      {selected ? (
        <Stack gap="xs" data-testid="selected-series">
          <Title order={3} size="h4">
            <Data>{selected.label}</Data>
            {selected.unit ? (
              <Text span c="dimmed" inherit data-i18n-ignore="">
                {` (${selected.unit})`}
              </Text>
            ) : null}
          </Title>
          {selected.otherUnits.length > 0 ? (
            <Text size="sm" data-testid="series-other-units">
              {t('vitals.otherUnits', { units: selected.otherUnits.join(', ') })}
            </Text>
          ) : null}
          <SeriesChart series={selected} />
          <SeriesTable key={selected.key} series={selected} />
        </Stack>
      ) : null}
      <Table striped highlightOnHover data-testid="series-overview">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('vitals.measurement')}</Table.Th>
            <Table.Th>{t('vitals.latest')}</Table.Th>
            <Table.Th>{t('vitals.date')}</Table.Th>
            <Table.Th>{t('vitals.readings')}</Table.Th>
            <Table.Th>{t('vitals.category')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {allSeries.map((s) => (
            <Table.Tr key={s.key} data-testid="series-row">
              <Table.Td>
                <Data>{s.label}</Data>
                {s.unit && s.otherUnits.length > 0 ? (
                  <Text span c="dimmed" inherit data-i18n-ignore="">
                    {` (${s.unit})`}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Data>{pointText(s.latest)}</Data>
              </Table.Td>
              <Table.Td>
                <Data>{formatDate(s.latest.date)}</Data>
              </Table.Td>
              <Table.Td data-i18n-ignore="">{s.points.length}</Table.Td>
              <Table.Td>
                {s.categories.map((c) => (
                  <Badge key={c} variant="light" mr={4}>
                    <Data>{c}</Data>
                  </Badge>
                ))}
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant={selected?.key === s.key ? 'filled' : 'default'}
                  aria-pressed={selected?.key === s.key}
                  aria-label={t('vitals.showSeries', {
                    name: s.otherUnits.length > 0 && s.unit ? `${s.label} (${s.unit})` : s.label,
                  })}
                  onClick={() => setSelectedKey(s.key)}
                >
                  {t('vitals.show')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
