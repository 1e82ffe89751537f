/** Immunizations and Encounters: plain tables of what was given or happened, newest first. */
import type { Encounter, Immunization } from 'fhir/r4';
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCodeableConcept } from '../../../../../shared/fhir/codings';
import { type ResourceIndex, resolveReference } from '../../../../../shared/fhir/references';
import { Data, NoneRecorded } from '../ChartStates';
import { useFormatDate } from '../format';
import { resourceSummary } from '../timeline';

export function ImmunizationsSection(props: { immunizations: Immunization[] }): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  if (props.immunizations.length === 0) return <NoneRecorded />;
  const sorted = [...props.immunizations].sort((a, b) =>
    (b.occurrenceDateTime ?? '').localeCompare(a.occurrenceDateTime ?? ''),
  );
  return (
    <Table striped data-testid="immunizations-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('immunizations.vaccine')}</Table.Th>
          <Table.Th>{t('immunizations.date')}</Table.Th>
          <Table.Th>{t('immunizations.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.map((im, i) => (
          <Table.Tr key={im.id ?? i}>
            <Table.Td>
              <Data>{formatCodeableConcept(im.vaccineCode)}</Data>
            </Table.Td>
            <Table.Td>
              <Data>{formatDate(im.occurrenceDateTime) || im.occurrenceString}</Data>
            </Table.Td>
            <Table.Td>
              <Data>{im.status}</Data>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function reason(e: Encounter, index: ResourceIndex): string {
  const codes = (e.reasonCode ?? []).map(formatCodeableConcept);
  const refs = (e.reasonReference ?? []).map((r) => {
    const target = resolveReference(r, { index, container: e });
    return target ? resourceSummary(target, index) : (r.display ?? '');
  });
  return [...codes, ...refs].filter(Boolean).join(', ');
}

export function EncountersSection(props: {
  encounters: Encounter[];
  index: ResourceIndex;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  if (props.encounters.length === 0) return <NoneRecorded />;
  const sorted = [...props.encounters].sort((a, b) =>
    (b.period?.start ?? '').localeCompare(a.period?.start ?? ''),
  );
  return (
    <Table striped data-testid="encounters-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('encounters.class')}</Table.Th>
          <Table.Th>{t('encounters.type')}</Table.Th>
          <Table.Th>{t('encounters.start')}</Table.Th>
          <Table.Th>{t('encounters.end')}</Table.Th>
          <Table.Th>{t('encounters.reason')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.map((e, i) => (
          <Table.Tr key={e.id ?? i}>
            <Table.Td>
              <Data>{e.class.display ?? e.class.code ?? ''}</Data>
            </Table.Td>
            <Table.Td>
              <Data>{(e.type ?? []).map(formatCodeableConcept).join(', ')}</Data>
            </Table.Td>
            <Table.Td>
              <Data>{formatDate(e.period?.start)}</Data>
            </Table.Td>
            <Table.Td>
              <Data>{formatDate(e.period?.end)}</Data>
            </Table.Td>
            <Table.Td>
              <Data>{reason(e, props.index)}</Data>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
