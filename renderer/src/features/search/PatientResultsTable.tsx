import { Anchor, Table } from '@mantine/core';
import type { Identifier, Patient } from 'fhir/r4';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import { formatHumanName } from '../../../../shared/fhir/human-name';
import { routeHref } from '../../app/router';

function identifierLabel(identifier: Identifier): string {
  const type = identifier.type?.text ?? identifier.type?.coding?.[0]?.code;
  return type ? `${type}: ${identifier.value ?? ''}` : (identifier.value ?? '');
}

export interface PatientResultsTableProps {
  patients: Patient[];
  onOpen: (patient: Patient) => void;
}

/** Search results; the name links to the chart (a real link: keyboard and middle-click work). */
export function PatientResultsTable(props: PatientResultsTableProps) {
  const { t, i18n } = useTranslation('search');
  return (
    <Table striped highlightOnHover data-testid="search-results">
      <Table.Caption>{t('results.caption', { count: props.patients.length })}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('results.name')}</Table.Th>
          <Table.Th scope="col">{t('results.gender')}</Table.Th>
          <Table.Th scope="col">{t('results.birth-date')}</Table.Th>
          <Table.Th scope="col">{t('results.identifiers')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.patients.map((patient, index) => {
          const id = patient.id ?? '';
          const name = formatHumanName(patient.name) || t('results.unnamed');
          return (
            <Table.Tr key={id || index} data-testid="patient-row" data-patient-id={id}>
              <Table.Td>
                <Anchor
                  href={routeHref({ name: 'patient', patientId: id })}
                  onClick={(event) => {
                    event.preventDefault();
                    props.onOpen(patient);
                  }}
                  data-i18n-ignore
                >
                  {name}
                </Anchor>
              </Table.Td>
              <Table.Td>{patient.gender ? t(`gender.${patient.gender}`) : '—'}</Table.Td>
              <Table.Td data-i18n-ignore>
                {patient.birthDate ? formatFhirDate(patient.birthDate, i18n.language) : '—'}
              </Table.Td>
              <Table.Td data-i18n-ignore>
                {(patient.identifier ?? []).map(identifierLabel).filter(Boolean).join(', ') || '—'}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
