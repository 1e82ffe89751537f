/**
 * Medications: MedicationRequest and MedicationStatement, the medication named from
 * `medicationCodeableConcept` or the referenced (possibly contained) Medication.
 */
import { Badge, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ResourceIndex } from '../../../../../shared/fhir/references';
import { type MedicationEntry, medicationName } from '../chart-model';
import { Data, NoneRecorded } from '../ChartStates';
import { useFormatDate } from '../format';

function medDate(m: MedicationEntry): string | undefined {
  return m.resourceType === 'MedicationRequest'
    ? m.authoredOn
    : (m.effectiveDateTime ?? m.effectivePeriod?.start ?? m.dateAsserted);
}

function dosage(m: MedicationEntry): string {
  const list = m.resourceType === 'MedicationRequest' ? m.dosageInstruction : m.dosage;
  return (list ?? [])
    .map((d) => d.text ?? '')
    .filter(Boolean)
    .join('; ');
}

export function MedicationsTable(props: {
  medications: MedicationEntry[];
  index: ResourceIndex | undefined;
  compact?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  if (props.medications.length === 0) return <NoneRecorded />;
  const sorted = [...props.medications].sort((a, b) =>
    (medDate(b) ?? '').localeCompare(medDate(a) ?? ''),
  );
  return (
    <Table striped data-testid="medications-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('medications.medication')}</Table.Th>
          <Table.Th>{t('medications.status')}</Table.Th>
          {props.compact ? null : <Table.Th>{t('medications.kind')}</Table.Th>}
          {props.compact ? null : <Table.Th>{t('medications.dosage')}</Table.Th>}
          <Table.Th>{t('medications.date')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.map((m, i) => (
          <Table.Tr key={`${m.resourceType}/${m.id ?? String(i)}`} data-testid="medication-row">
            <Table.Td>
              <Data>{medicationName(m, props.index) || t('medications.unnamed')}</Data>
            </Table.Td>
            <Table.Td style={{ minWidth: 100 }}>
              <Badge
                variant="light"
                color={m.status === 'active' ? 'blue' : 'gray'}
                style={{ overflow: 'visible' }}
              >
                <Data>{m.status}</Data>
              </Badge>
            </Table.Td>
            {props.compact ? null : (
              <Table.Td>
                {m.resourceType === 'MedicationRequest'
                  ? t('medications.request')
                  : t('medications.statement')}
              </Table.Td>
            )}
            {props.compact ? null : (
              <Table.Td>
                <Data>{dosage(m)}</Data>
              </Table.Td>
            )}
            <Table.Td>
              <Data>{formatDate(medDate(m))}</Data>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
