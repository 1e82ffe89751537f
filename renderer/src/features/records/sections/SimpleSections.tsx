/**
 * Immunizations and Encounters: plain tables of what was given or happened, newest first.
 * Entered-in-error records are left out; statuses are translated.
 */
import type { Encounter, Immunization } from 'fhir/r4';
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCodeableConcept } from '../../../../../shared/fhir/codings';
import { type ResourceIndex, resolveReference } from '../../../../../shared/fhir/references';
import { withoutEnteredInError } from '../../../../../shared/fhir/status';
import { Coded, Data, EnteredInErrorNote, NoneRecorded, NotLoaded } from '../ChartStates';
import { useFormatDate } from '../format';
import { resourceSummary } from '../timeline';

/** A list's empty state: "not loaded" when its type failed, else "none recorded". */
function Empty(props: { type: string; notLoaded: boolean; hidden: number }): React.JSX.Element {
  if (props.notLoaded) return <NotLoaded types={[props.type]} />;
  return (
    <>
      <NoneRecorded />
      <EnteredInErrorNote count={props.hidden} />
    </>
  );
}

export function ImmunizationsSection(props: {
  immunizations: Immunization[];
  notLoaded?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const list = withoutEnteredInError(props.immunizations);
  const hidden = props.immunizations.length - list.length;
  if (list.length === 0 || props.notLoaded)
    return <Empty type="Immunization" notLoaded={props.notLoaded ?? false} hidden={hidden} />;
  const sorted = [...list].sort((a, b) =>
    (b.occurrenceDateTime ?? '').localeCompare(a.occurrenceDateTime ?? ''),
  );
  return (
    <>
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
            <Table.Tr key={im.id ?? i} data-testid="immunization-row">
              <Table.Td>
                <Data>{formatCodeableConcept(im.vaccineCode)}</Data>
              </Table.Td>
              <Table.Td>
                <Data>{formatDate(im.occurrenceDateTime) || im.occurrenceString}</Data>
              </Table.Td>
              <Table.Td>
                <Coded group="statusCodes.immunization" code={im.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <EnteredInErrorNote count={hidden} />
    </>
  );
}

function reason(e: Encounter, index: ResourceIndex, serverBase: string | undefined): string {
  const codes = (e.reasonCode ?? []).map(formatCodeableConcept);
  const refs = (e.reasonReference ?? []).map((r) => {
    const target = resolveReference(r, { index, container: e, serverBase });
    return target ? resourceSummary(target, index, serverBase) : (r.display ?? '');
  });
  return [...codes, ...refs].filter(Boolean).join(', ');
}

export function EncountersSection(props: {
  encounters: Encounter[];
  index: ResourceIndex;
  /** Base of the signed-in server: absolute reason references resolve only under it. */
  serverBase?: string | undefined;
  notLoaded?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const list = withoutEnteredInError(props.encounters);
  const hidden = props.encounters.length - list.length;
  if (list.length === 0 || props.notLoaded)
    return <Empty type="Encounter" notLoaded={props.notLoaded ?? false} hidden={hidden} />;
  const sorted = [...list].sort((a, b) =>
    (b.period?.start ?? '').localeCompare(a.period?.start ?? ''),
  );
  return (
    <>
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
                <Data>{reason(e, props.index, props.serverBase)}</Data>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <EnteredInErrorNote count={hidden} />
    </>
  );
}
