/**
 * Imaging studies: modality, body site, start, series and instance counts, description, and a
 * link to the DiagnosticReport that cites the study in `imagingStudy` (on the signed-in server).
 * Entered-in-error studies and reports are left out.
 */
import type { DiagnosticReport, ImagingStudy } from 'fhir/r4';
import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCodeableConcept, formatCoding } from '../../../../../shared/fhir/codings';
import { referencesResource } from '../../../../../shared/fhir/references';
import { withoutEnteredInError } from '../../../../../shared/fhir/status';
import { Data, EnteredInErrorNote, NoneRecorded, NotLoaded } from '../ChartStates';
import { useFormatDate } from '../format';

function unique(values: string[]): string {
  return [...new Set(values.filter(Boolean))].join(', ');
}

export function studyModalities(s: ImagingStudy): string {
  return unique([
    ...(s.modality ?? []).map(formatCoding),
    ...(s.series ?? []).map((x) => formatCoding(x.modality)),
  ]);
}

export function studyBodySites(s: ImagingStudy): string {
  return unique((s.series ?? []).map((x) => formatCoding(x.bodySite)));
}

export function studyCounts(s: ImagingStudy): { series: number; instances: number } {
  const series = s.numberOfSeries ?? s.series?.length ?? 0;
  const instances =
    s.numberOfInstances ??
    (s.series ?? []).reduce((sum, x) => sum + (x.numberOfInstances ?? x.instance?.length ?? 0), 0);
  return { series, instances };
}

export function ImagingSection(props: {
  studies: ImagingStudy[];
  reports: DiagnosticReport[];
  onOpenReport: (reportId: string) => void;
  /** Base of the signed-in server: absolute study references match only under it. */
  serverBase?: string | undefined;
  /** Which of ImagingStudy/DiagnosticReport could not be loaded from the server. */
  missingTypes?: readonly string[];
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const missing = props.missingTypes ?? [];
  const studies = withoutEnteredInError(props.studies);
  const reports = withoutEnteredInError(props.reports);
  const hidden = props.studies.length - studies.length;
  if (studies.length === 0)
    return missing.includes('ImagingStudy') ? (
      <NotLoaded types={missing} />
    ) : (
      <>
        <NoneRecorded />
        <EnteredInErrorNote count={hidden} />
      </>
    );
  const sorted = [...studies].sort((a, b) => (b.started ?? '').localeCompare(a.started ?? ''));
  return (
    <>
      <NotLoaded types={missing} />
      <Table striped data-testid="imaging-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('imaging.modality')}</Table.Th>
            <Table.Th>{t('imaging.bodySite')}</Table.Th>
            <Table.Th>{t('imaging.started')}</Table.Th>
            <Table.Th>{t('imaging.series')}</Table.Th>
            <Table.Th>{t('imaging.instances')}</Table.Th>
            <Table.Th>{t('imaging.description')}</Table.Th>
            <Table.Th>{t('imaging.report')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((s, i) => {
            const counts = studyCounts(s);
            const report = reports.find((r) =>
              (r.imagingStudy ?? []).some((ref) => referencesResource(ref, s, props.serverBase)),
            );
            return (
              <Table.Tr key={s.id ?? i} data-testid="imaging-row">
                <Table.Td>
                  <Data>{studyModalities(s)}</Data>
                </Table.Td>
                <Table.Td>
                  <Data>{studyBodySites(s)}</Data>
                </Table.Td>
                <Table.Td>
                  <Data>{formatDate(s.started)}</Data>
                </Table.Td>
                <Table.Td data-testid="imaging-series-count" data-i18n-ignore="">
                  {counts.series}
                </Table.Td>
                <Table.Td data-testid="imaging-instance-count" data-i18n-ignore="">
                  {counts.instances}
                </Table.Td>
                <Table.Td>
                  <Data>{s.description ?? formatCodeableConcept(s.procedureCode?.[0])}</Data>
                </Table.Td>
                <Table.Td>
                  {report?.id ? (
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => report.id && props.onOpenReport(report.id)}
                    >
                      {t('imaging.openReport')}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('imaging.noReport')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <EnteredInErrorNote count={hidden} />
    </>
  );
}
