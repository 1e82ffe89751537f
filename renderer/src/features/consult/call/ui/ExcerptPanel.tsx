/**
 * Record excerpts another clinician shared during the call, read-only. Each says who shared
 * what and when, names the patient it belongs to (from the Bundle's Patient: a patient banner
 * for every patient view), and lists the entries as text only — no narrative HTML from the
 * sender is ever rendered. Dates are shown as written (date-only values are never shifted).
 */
import { Alert, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CodeableConcept, FhirResource, Patient } from 'fhir/r4';
import { formatCodeLabel } from '../../../../../../shared/fhir/codings';
import { formatFhirDate } from '../../../../../../shared/fhir/dates';
import { formatHumanName } from '../../../../../../shared/fhir/human-name';
import { clinicalDate } from '../../../../offline/index-fields';
import type { ReceivedExcerpt } from '../call-session';

const CONCEPT_FIELDS = ['code', 'medicationCodeableConcept', 'vaccineCode', 'type'] as const;

function describe(resource: FhirResource): string {
  const r = resource as unknown as Record<string, unknown>;
  for (const field of CONCEPT_FIELDS) {
    const concept = r[field] as CodeableConcept | undefined;
    if (concept && (concept.text || concept.coding?.length)) return formatCodeLabel(concept);
  }
  return '';
}

function status(resource: FhirResource): string {
  const r = resource as unknown as Record<string, unknown>;
  const clinical = r.clinicalStatus as CodeableConcept | undefined;
  if (clinical) return formatCodeLabel(clinical);
  return typeof r.status === 'string' ? r.status : '';
}

export function ExcerptPanel(props: {
  excerpts: readonly ReceivedExcerpt[];
}): React.JSX.Element | null {
  const { t, i18n } = useTranslation('consult');
  if (props.excerpts.length === 0) return null;
  return (
    <Stack gap="sm" data-testid="excerpts">
      <Title order={3} size="h5">
        {t('excerpt.title')}
      </Title>
      {props.excerpts.map((item) => {
        const shared = t('excerpt.sharedBy', {
          name: item.fromName,
          time: new Date(item.receivedAt).toLocaleTimeString(i18n.language),
        });
        if ('error' in item) {
          return (
            <Alert key={item.id} color="red" data-testid="excerpt-error">
              {shared} {t('excerpt.invalid', { reason: item.error })}
            </Alert>
          );
        }
        const resources = item.excerpt.bundle.entry.map(
          (e) => e.resource as unknown as FhirResource,
        );
        const patient = resources.find((r): r is Patient => r.resourceType === 'Patient');
        const rows = resources.filter((r) => r.resourceType !== 'Patient');
        return (
          <Card key={item.id} withBorder data-testid="excerpt">
            <Text fw={600}>
              <span data-i18n-ignore>{item.excerpt.title}</span>
            </Text>
            <Text size="sm" c="dimmed">
              {shared}
            </Text>
            <Text size="sm" data-testid="excerpt-patient" role="note">
              {patient ? (
                <>
                  {t('excerpt.patient')}{' '}
                  <span data-i18n-ignore>
                    {formatHumanName(patient.name)}
                    {patient.birthDate
                      ? ` · ${formatFhirDate(patient.birthDate, i18n.language)}`
                      : ''}
                    {patient.identifier?.[0]?.value ? ` · ${patient.identifier[0].value}` : ''}
                  </span>
                </>
              ) : (
                t('excerpt.noPatient')
              )}
            </Text>
            <Table mt="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('excerpt.type')}</Table.Th>
                  <Table.Th>{t('excerpt.what')}</Table.Th>
                  <Table.Th>{t('excerpt.date')}</Table.Th>
                  <Table.Th>{t('excerpt.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r, i) => {
                  const date = clinicalDate(r);
                  return (
                    <Table.Tr
                      key={`${r.resourceType}/${r.id ?? String(i)}`}
                      data-testid="excerpt-row"
                    >
                      <Table.Td>{r.resourceType}</Table.Td>
                      <Table.Td data-i18n-ignore>{describe(r)}</Table.Td>
                      <Table.Td data-i18n-ignore>
                        {date ? formatFhirDate(date, i18n.language) : ''}
                      </Table.Td>
                      <Table.Td data-i18n-ignore>{status(r)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Card>
        );
      })}
    </Stack>
  );
}
