/**
 * Allergies. "No known allergies" (a negated statement someone recorded) looks clearly
 * different from "no information" (nothing recorded at all): the first is a green, affirmative
 * statement; the second a yellow warning that the patient's allergies are unknown.
 */
import type { AllergyIntolerance } from 'fhir/r4';
import { Alert, Badge, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCodeableConcept } from '../../../../../shared/fhir/codings';
import { allergyState } from '../chart-model';
import { Data } from '../ChartStates';
import { useFormatDate } from '../format';

export function CriticalityBadge(props: {
  criticality: AllergyIntolerance['criticality'];
}): React.JSX.Element | null {
  const { t } = useTranslation('records');
  const c = props.criticality;
  if (!c) return null;
  const color = c === 'high' ? 'red' : c === 'low' ? 'gray' : 'yellow';
  return (
    <Badge
      color={color}
      variant={c === 'high' ? 'filled' : 'light'}
      data-testid={`criticality-${c}`}
    >
      {t(`allergies.criticality.${c}`)}
    </Badge>
  );
}

function reactions(a: AllergyIntolerance): string {
  return (a.reaction ?? [])
    .flatMap((r) => r.manifestation.map(formatCodeableConcept))
    .filter(Boolean)
    .join(', ');
}

export function AllergyStatus(props: {
  allergies: AllergyIntolerance[];
}): React.JSX.Element | null {
  const { t } = useTranslation('records');
  const state = allergyState(props.allergies);
  if (state.kind === 'no-information') {
    return (
      <Alert
        color="yellow"
        variant="light"
        title={t('allergies.noInformationTitle')}
        data-testid="allergies-no-information"
      >
        {t('allergies.noInformation')}
      </Alert>
    );
  }
  if (state.kind === 'no-known') {
    return (
      <Alert
        color="green"
        variant="light"
        title={t('allergies.noKnownTitle')}
        data-testid="allergies-no-known"
      >
        {state.statements.map((s, i) => (
          <Text size="sm" key={s.id ?? i}>
            <Data>{formatCodeableConcept(s.code) || t('allergies.noKnownTitle')}</Data>
          </Text>
        ))}
      </Alert>
    );
  }
  return null;
}

export function AllergiesTable(props: {
  allergies: AllergyIntolerance[];
  compact?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const state = allergyState(props.allergies);
  if (state.kind !== 'allergies') return <AllergyStatus allergies={props.allergies} />;
  return (
    <Table striped data-testid="allergies-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('allergies.substance')}</Table.Th>
          <Table.Th>{t('allergies.criticalityLabel')}</Table.Th>
          {props.compact ? null : <Table.Th>{t('allergies.category')}</Table.Th>}
          <Table.Th>{t('allergies.reactions')}</Table.Th>
          {props.compact ? null : <Table.Th>{t('allergies.recorded')}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {state.items.map((a, i) => (
          <Table.Tr key={a.id ?? i} data-testid="allergy-row">
            <Table.Td>
              <Data fw={a.criticality === 'high' ? 700 : 400}>{formatCodeableConcept(a.code)}</Data>
            </Table.Td>
            <Table.Td>
              <CriticalityBadge criticality={a.criticality} />
            </Table.Td>
            {props.compact ? null : (
              <Table.Td>
                {(a.category ?? []).map((c) => t(`allergies.categories.${c}`)).join(', ')}
              </Table.Td>
            )}
            <Table.Td>
              <Data>{reactions(a)}</Data>
            </Table.Td>
            {props.compact ? null : (
              <Table.Td>
                <Data>{formatDate(a.recordedDate ?? a.onsetDateTime)}</Data>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AllergiesSection(props: { allergies: AllergyIntolerance[] }): React.JSX.Element {
  const { t } = useTranslation('records');
  const state = allergyState(props.allergies);
  return (
    <Stack>
      <AllergiesTable allergies={props.allergies} />
      {state.kind === 'allergies' && state.negated.length > 0 ? (
        <Text size="sm" c="dimmed">
          {t('allergies.refutedCount', { count: state.negated.length })}
        </Text>
      ) : null}
    </Stack>
  );
}
