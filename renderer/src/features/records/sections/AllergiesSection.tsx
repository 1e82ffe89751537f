/**
 * Allergies. "No known allergies" (a negated statement someone recorded) looks clearly
 * different from "no information" (nothing recorded at all): the first is a green, affirmative
 * statement; the second a yellow warning that the patient's allergies are unknown. A refuted
 * allergy is neither: it is listed as "Refuted: <substance>". A narrow statement ("no known drug
 * allergy") keeps its own wording. A load failure is a third, orange state.
 */
import type { AllergyIntolerance } from 'fhir/r4';
import { Alert, Badge, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCodeableConcept } from '../../../../../shared/fhir/codings';
import { withoutEnteredInError } from '../../../../../shared/fhir/status';
import {
  type AllergyState,
  allergyState,
  NO_KNOWN_ALLERGY_BLANKET,
  noKnownAllergyCode,
} from '../chart-model';
import { Coded, Data, EnteredInErrorNote, NotLoaded } from '../ChartStates';
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

function RefutedList(props: { refuted: AllergyIntolerance[] }): React.JSX.Element | null {
  const { t } = useTranslation('records');
  if (props.refuted.length === 0) return null;
  return (
    <Stack gap={2} data-testid="allergies-refuted">
      {props.refuted.map((a, i) => (
        <Text size="sm" key={a.id ?? i} data-testid="allergy-refuted">
          {t('allergies.refutedLabel')} <Data>{formatCodeableConcept(a.code)}</Data>
        </Text>
      ))}
    </Stack>
  );
}

/** The wording of a "no known …" statement: blanket or the one category it covers. */
function statementTitle(a: AllergyIntolerance, t: (key: string) => string): string {
  const code = noKnownAllergyCode(a) ?? NO_KNOWN_ALLERGY_BLANKET;
  return t(`allergies.noKnownCode.${code}`);
}

/** The statements as sent (their display), so the exact wording recorded stays visible. */
function StatementList(props: { statements: AllergyIntolerance[] }): React.JSX.Element {
  return (
    <>
      {props.statements.map((s, i) => {
        const display = formatCodeableConcept(s.code);
        return display ? (
          <Text size="sm" key={s.id ?? i}>
            <Data>{display}</Data>
          </Text>
        ) : null;
      })}
    </>
  );
}

/**
 * The allergy status when there is no allergy to list: unknown (yellow), only refuted entries
 * (yellow), or "no known …" (green, titled with the statement's own scope, so "no known drug
 * allergy" is never shown as "no known allergies").
 */
export function AllergyStatus(props: { state: AllergyState }): React.JSX.Element | null {
  const { t } = useTranslation('records');
  const { state } = props;
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
  if (state.kind === 'only-refuted') {
    return (
      <Alert
        color="yellow"
        variant="light"
        title={t('allergies.onlyRefutedTitle')}
        data-testid="allergies-only-refuted"
      >
        <Stack gap={4}>
          <Text size="sm">{t('allergies.onlyRefuted')}</Text>
          <RefutedList refuted={state.refuted} />
        </Stack>
      </Alert>
    );
  }
  if (state.kind === 'no-known') {
    const title = state.blanket
      ? t('allergies.noKnownTitle')
      : [...new Set(state.statements.map((s) => statementTitle(s, t)))].join(', ');
    return (
      <Alert
        color="green"
        variant="light"
        title={title}
        data-testid="allergies-no-known"
        data-scope={state.blanket ? 'all' : 'narrow'}
      >
        <Stack gap={4}>
          <StatementList statements={state.statements} />
          {state.blanket ? null : <Text size="sm">{t('allergies.narrowNote')}</Text>}
          <RefutedList refuted={state.refuted} />
        </Stack>
      </Alert>
    );
  }
  return null;
}

/**
 * The allergy list (or status), with "no known" statements and refuted entries named
 * explicitly below it. Entered-in-error records are left out. `notLoaded`: the server did not
 * return AllergyIntolerance, so the status is unknown, never "no information".
 */
export function AllergiesTable(props: {
  allergies: AllergyIntolerance[];
  compact?: boolean;
  notLoaded?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  if (props.notLoaded) {
    return <NotLoaded types={['AllergyIntolerance']} message={t('allergies.notLoaded')} />;
  }
  const state = allergyState(props.allergies);
  if (state.kind !== 'allergies') return <AllergyStatus state={state} />;
  return (
    <Stack gap="xs">
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
                <Data fw={a.criticality === 'high' ? 700 : 400}>
                  {formatCodeableConcept(a.code)}
                </Data>
              </Table.Td>
              <Table.Td>
                <CriticalityBadge criticality={a.criticality} />
              </Table.Td>
              {props.compact ? null : (
                <Table.Td>
                  {(a.category ?? []).map((c, j) => (
                    <span key={c}>
                      {j > 0 ? ', ' : null}
                      <Coded group="allergies.categories" code={c} />
                    </span>
                  ))}
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
      {state.statements.length > 0 ? (
        <Text size="sm" c="dimmed" data-testid="allergies-statements">
          {t('allergies.statementLabel')}{' '}
          <Data>{state.statements.map((s) => statementTitle(s, t)).join(', ')}</Data>
        </Text>
      ) : null}
      <RefutedList refuted={state.refuted} />
    </Stack>
  );
}

export function AllergiesSection(props: {
  allergies: AllergyIntolerance[];
  notLoaded?: boolean;
}): React.JSX.Element {
  const hidden = props.allergies.length - withoutEnteredInError(props.allergies).length;
  return (
    <Stack>
      <AllergiesTable allergies={props.allergies} notLoaded={props.notLoaded ?? false} />
      <EnteredInErrorNote count={hidden} />
    </Stack>
  );
}
