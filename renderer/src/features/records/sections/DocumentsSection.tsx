/**
 * Documents: every attachment (metadata only until opened) and the diagnostic reports, each
 * report with its conclusion and, on request, its narrative through the jail. Entered-in-error
 * documents and reports are left out.
 */
import type { DiagnosticReport, DocumentReference } from 'fhir/r4';
import { useMemo, useState } from 'react';
import { Badge, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FhirApi } from '../../../fhir/FhirApi';
import { formatCodeableConcept } from '../../../../../shared/fhir/codings';
import { NarrativeFrame } from '../../../ui/narrative/NarrativeFrame';
import { AttachmentViewer } from '../AttachmentViewer';
import { collectAttachments } from '../attachments';
import { withoutEnteredInError } from '../../../../../shared/fhir/status';
import { Coded, Data, EnteredInErrorNote, NoneRecorded, NotLoaded } from '../ChartStates';
import { formatBytes, useFormatDate, useLocale } from '../format';

function ReportCard(props: { report: DiagnosticReport; highlighted: boolean }): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const [showNarrative, setShowNarrative] = useState(false);
  const r = props.report;
  const name = formatCodeableConcept(r.code);
  return (
    <Card
      withBorder
      id={r.id ? `report-${r.id}` : undefined}
      data-testid="report-card"
      style={props.highlighted ? { outline: '2px solid var(--mantine-color-blue-5)' } : undefined}
    >
      <Text fw={600}>
        <Data>{name}</Data>
      </Text>
      <Text size="sm">
        {t('documents.reportDate')}:{' '}
        <Data>{formatDate(r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued)}</Data>
        {' · '}
        {t('documents.status')}: <Coded group="statusCodes.diagnosticReport" code={r.status} />
      </Text>
      {r.conclusion ? (
        <Text size="sm">
          {t('documents.conclusion')}: <Data>{r.conclusion}</Data>
        </Text>
      ) : null}
      {r.text?.div ? (
        <Stack gap={4} mt={4}>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => setShowNarrative((s) => !s)}
            aria-expanded={showNarrative}
          >
            {showNarrative ? t('narrative.hide') : t('narrative.show')}
          </Button>
          {showNarrative ? (
            <NarrativeFrame div={r.text.div} title={t('narrative.titleOf', { name })} />
          ) : null}
        </Stack>
      ) : null}
    </Card>
  );
}

export function DocumentsSection(props: {
  documents: DocumentReference[];
  reports: DiagnosticReport[];
  fhir: FhirApi;
  highlightReportId?: string | undefined;
  /** Which of DocumentReference/DiagnosticReport could not be loaded from the server. */
  missingTypes?: readonly string[];
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const locale = useLocale();
  const missing = props.missingTypes ?? [];
  const documents = useMemo(() => withoutEnteredInError(props.documents), [props.documents]);
  const reports = useMemo(() => withoutEnteredInError(props.reports), [props.reports]);
  const hidden = props.documents.length - documents.length + props.reports.length - reports.length;
  const serverBase = props.fhir.serverUrl;
  const items = useMemo(
    () => collectAttachments(documents, reports, serverBase),
    [documents, reports, serverBase],
  );
  return (
    <Stack>
      <NotLoaded types={missing} />
      <Title order={3} size="h4">
        {t('documents.attachments')}
      </Title>
      {items.length === 0 ? (
        missing.length > 0 ? null : (
          <NoneRecorded />
        )
      ) : (
        <Table data-testid="attachments-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('documents.title')}</Table.Th>
              <Table.Th>{t('documents.contentType')}</Table.Th>
              <Table.Th>{t('documents.size')}</Table.Th>
              <Table.Th>{t('documents.date')}</Table.Th>
              <Table.Th>{t('documents.source')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.key} data-testid="attachment-row">
                <Table.Td>
                  <Data>{item.title || t('documents.untitled')}</Data>
                </Table.Td>
                <Table.Td>
                  <Data>{item.contentType}</Data>
                </Table.Td>
                <Table.Td>
                  <Data>{item.size === undefined ? '' : formatBytes(item.size, locale)}</Data>
                </Table.Td>
                <Table.Td>
                  <Data>{formatDate(item.date)}</Data>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`types.${item.source.resourceType}`)}</Badge>
                </Table.Td>
                <Table.Td style={{ minWidth: 160 }}>
                  <AttachmentViewer item={item} fhir={props.fhir} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3} size="h4">
        {t('documents.reports')}
      </Title>
      {reports.length === 0 ? (
        missing.includes('DiagnosticReport') ? null : (
          <NoneRecorded />
        )
      ) : (
        reports.map((r, i) => (
          <ReportCard
            key={r.id ?? i}
            report={r}
            highlighted={r.id !== undefined && r.id === props.highlightReportId}
          />
        ))
      )}
      <EnteredInErrorNote count={hidden} />
    </Stack>
  );
}
