/**
 * Problems (Conditions): clinical and verification status (a provisional, differential or
 * refuted diagnosis must not read like a confirmed one), onset and abatement, date-only values
 * never shifted. Entered-in-error Conditions are left out.
 */
import type { Condition } from 'fhir/r4';
import { Badge, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCodeableConcept } from '../../../../../shared/fhir/codings';
import { withoutEnteredInError } from '../../../../../shared/fhir/status';
import { Coded, Data, EnteredInErrorNote, NoneRecorded, NotLoaded } from '../ChartStates';
import { useFormatDate } from '../format';

function statusCode(c: Condition): string | undefined {
  return c.clinicalStatus?.coding?.find((x) => x.code)?.code;
}

export function ConditionStatus(props: { condition: Condition }): React.JSX.Element {
  const { t } = useTranslation('records');
  const code = statusCode(props.condition);
  if (!code) return <>{t('problems.statusUnknown')}</>;
  const known = ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'].includes(
    code,
  );
  const color =
    code === 'active' || code === 'recurrence' || code === 'relapse' ? 'orange' : 'gray';
  return (
    <Badge color={color} variant="light">
      {known ? t(`problems.status.${code}`) : <Data>{code}</Data>}
    </Badge>
  );
}

const VERIFICATION_COLORS: Record<string, string> = {
  confirmed: 'blue',
  provisional: 'yellow',
  differential: 'yellow',
  unconfirmed: 'yellow',
  refuted: 'gray',
};

/** `verificationStatus` as a badge; nothing when the record does not say. */
export function ConditionVerification(props: { condition: Condition }): React.JSX.Element | null {
  const code = props.condition.verificationStatus?.coding?.find((x) => x.code)?.code;
  if (!code) return null;
  return (
    <Badge
      color={VERIFICATION_COLORS[code] ?? 'gray'}
      variant="light"
      data-testid={`verification-${code}`}
    >
      <Coded group="problems.verification" code={code} />
    </Badge>
  );
}

function verificationCode(c: Condition): string | undefined {
  return c.verificationStatus?.coding?.find((x) => x.code)?.code;
}

function abatement(c: Condition, formatDate: (v: string | undefined) => string): string {
  if (c.abatementDateTime) return formatDate(c.abatementDateTime);
  if (c.abatementPeriod) return formatDate(c.abatementPeriod.start ?? c.abatementPeriod.end);
  if (c.abatementString) return c.abatementString;
  if (c.abatementAge?.value !== undefined)
    return `${c.abatementAge.value} ${c.abatementAge.unit ?? ''}`;
  return '';
}

function onset(c: Condition, formatDate: (v: string | undefined) => string): string {
  if (c.onsetDateTime) return formatDate(c.onsetDateTime);
  if (c.onsetPeriod) return formatDate(c.onsetPeriod.start);
  if (c.onsetString) return c.onsetString;
  if (c.onsetAge?.value !== undefined) return `${c.onsetAge.value} ${c.onsetAge.unit ?? ''}`;
  return '';
}

export function ProblemsSection(props: {
  conditions: Condition[];
  /** True when Condition could not be loaded from the server. */
  notLoaded?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const conditions = withoutEnteredInError(props.conditions);
  const hidden = props.conditions.length - conditions.length;
  if (props.notLoaded) return <NotLoaded types={['Condition']} />;
  if (conditions.length === 0)
    return (
      <>
        <NoneRecorded />
        <EnteredInErrorNote count={hidden} />
      </>
    );
  // Active first, refuted last: a refuted diagnosis stays visible but below the real problems.
  const rank = (c: Condition): number =>
    verificationCode(c) === 'refuted'
      ? 2
      : ['active', 'recurrence', 'relapse'].includes(statusCode(c) ?? '')
        ? 0
        : 1;
  const sorted = [...conditions].sort(
    (a, b) => rank(a) - rank(b) || (b.onsetDateTime ?? '').localeCompare(a.onsetDateTime ?? ''),
  );
  return (
    <>
      <Table striped data-testid="problems-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('problems.problem')}</Table.Th>
            <Table.Th>{t('problems.clinicalStatus')}</Table.Th>
            <Table.Th>{t('problems.verificationStatus')}</Table.Th>
            <Table.Th>{t('problems.onset')}</Table.Th>
            <Table.Th>{t('problems.abatement')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((c, i) => (
            <Table.Tr
              key={c.id ?? i}
              data-testid="problem-row"
              data-verification={verificationCode(c) ?? ''}
            >
              <Table.Td>
                <Data>{formatCodeableConcept(c.code)}</Data>
              </Table.Td>
              <Table.Td>
                <ConditionStatus condition={c} />
              </Table.Td>
              <Table.Td>
                <ConditionVerification condition={c} />
              </Table.Td>
              <Table.Td>
                <Data>{onset(c, formatDate)}</Data>
              </Table.Td>
              <Table.Td>
                <Data>{abatement(c, formatDate)}</Data>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <EnteredInErrorNote count={hidden} />
    </>
  );
}
