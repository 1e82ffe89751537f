/**
 * Medications: MedicationRequest and MedicationStatement, the medication named from
 * `medicationCodeableConcept` or the referenced (possibly contained) Medication, the status
 * translated. Entered-in-error records are left out.
 */
import { Badge, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ResourceIndex } from '../../../../../shared/fhir/references';
import { type MedicationEntry, medicationName } from '../chart-model';
import { withoutEnteredInError } from '../../../../../shared/fhir/status';
import { Coded, Data, EnteredInErrorNote, NoneRecorded, NotLoaded } from '../ChartStates';
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
  /** Base of the signed-in server: absolute Medication references resolve only under it. */
  serverBase?: string | undefined;
  /** Which of MedicationRequest/MedicationStatement could not be loaded from the server. */
  missingTypes?: readonly string[];
  compact?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const missing = props.missingTypes ?? [];
  const medications = withoutEnteredInError(props.medications);
  const hidden = props.medications.length - medications.length;
  if (medications.length === 0)
    return missing.length > 0 ? (
      <NotLoaded types={missing} />
    ) : (
      <>
        <NoneRecorded />
        <EnteredInErrorNote count={hidden} />
      </>
    );
  const sorted = [...medications].sort((a, b) =>
    (medDate(b) ?? '').localeCompare(medDate(a) ?? ''),
  );
  return (
    <>
      <NotLoaded types={missing} />
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
            <Table.Tr
              key={`${m.resourceType}/${m.id ?? String(i)}`}
              data-testid="medication-row"
              data-status={m.status}
            >
              <Table.Td>
                <Data>
                  {medicationName(m, props.index, props.serverBase) || t('medications.unnamed')}
                </Data>
              </Table.Td>
              <Table.Td style={{ minWidth: 100 }}>
                <Badge
                  variant="light"
                  color={m.status === 'active' ? 'blue' : 'gray'}
                  style={{ overflow: 'visible' }}
                >
                  <Coded
                    group={
                      m.resourceType === 'MedicationRequest'
                        ? 'statusCodes.medicationRequest'
                        : 'statusCodes.medicationStatement'
                    }
                    code={m.status}
                  />
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
      <EnteredInErrorNote count={hidden} />
    </>
  );
}
