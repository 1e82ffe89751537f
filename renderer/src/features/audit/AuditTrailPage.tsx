/**
 * The audit screen (`#/audit`, issue 7): a clinician's own audit trail — when, what, which
 * patient and record, the outcome, and whether the AuditEvent has reached the server. Read
 * from the host's local log, so it works offline; only this user's entries on this server.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../shared/audit/audit-entry';
import { parseReference } from '../../../../shared/fhir/references';
import { routeHref } from '../../app/router';
import { useSession } from '../../fhir/FhirProvider';
import type { OutboxState } from '../../offline/contracts';
import { intlLocale } from '../records/format';
import { useAuditOutboxStates, useAuditTrail } from './useAuditTrail';

const SERVER_COLOR: Readonly<Record<OutboxState | 'untracked', string>> = {
  pending: 'gray',
  sending: 'blue',
  sent: 'green',
  failed: 'red',
  untracked: 'gray',
};

/** A local `Patient/<id>` links to the chart; anything else is shown as written. */
function PatientCell(props: { reference: string | undefined }): React.JSX.Element {
  const { reference } = props;
  if (reference === undefined) return <Text size="sm">—</Text>;
  const parsed = parseReference(reference);
  const local = parsed?.type === 'Patient' && reference === `Patient/${parsed.id}`;
  return (
    <Text size="sm" data-i18n-ignore="">
      {local ? (
        <Anchor href={routeHref({ name: 'patient', patientId: parsed.id })}>{reference}</Anchor>
      ) : (
        reference
      )}
    </Text>
  );
}

function AuditRow(props: {
  entry: AuditEntry;
  time: Intl.DateTimeFormat;
  server: OutboxState | 'untracked' | null;
}): React.JSX.Element {
  const { t } = useTranslation('audit');
  const { entry, server } = props;
  return (
    <Table.Tr
      data-testid="audit-row"
      data-id={entry.id}
      data-action={entry.action}
      data-patient={entry.patient?.reference ?? ''}
      {...(server === null ? {} : { 'data-server-state': server })}
    >
      <Table.Td>
        <Text size="sm" data-i18n-ignore="">
          <time dateTime={entry.recorded}>{props.time.format(new Date(entry.recorded))}</time>
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t(`actions.${entry.action}`)}</Text>
        {entry.detail === undefined ? null : (
          <Text size="xs" c="dimmed" data-i18n-ignore="">
            {entry.detail}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <PatientCell reference={entry.patient?.reference} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-i18n-ignore="">
          {entry.entity?.reference ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={entry.outcome === 'success' ? 'green' : 'red'} variant="light">
          {t(`outcome.${entry.outcome}`)}
        </Badge>
      </Table.Td>
      {server === null ? null : (
        <Table.Td>
          <Badge color={SERVER_COLOR[server]} variant="light">
            {t(`server.${server}`)}
          </Badge>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

export function AuditTrailPage(): React.JSX.Element {
  const { t, i18n } = useTranslation('audit');
  const session = useSession();
  const { state, reload } = useAuditTrail();
  const outbox = useAuditOutboxStates();
  const locale = intlLocale(i18n.resolvedLanguage ?? i18n.language);
  const time = useMemo(
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
    [locale],
  );

  return (
    <Stack gap="sm" data-testid="audit-trail">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2" id="audit-title">
          {t('title')}
        </Title>
        <Button variant="default" size="xs" onClick={reload} data-testid="audit-refresh">
          {t('refresh')}
        </Button>
      </Group>
      <Text size="sm">{t('intro', { server: session.server.name })}</Text>
      {state.k === 'loading' ? <Loader aria-label={t('loading')} /> : null}
      {state.k === 'error' ? (
        <Alert color="red" role="alert" title={t('error')} data-testid="audit-error">
          <Text size="sm" data-i18n-ignore="">
            {state.error instanceof Error ? state.error.message : String(state.error)}
          </Text>
        </Alert>
      ) : null}
      {state.k === 'ready' && state.unreadable > 0 ? (
        <Alert color="yellow" data-testid="audit-unreadable">
          {t('unreadable', { count: state.unreadable })}
        </Alert>
      ) : null}
      {state.k === 'ready' && state.entries.length === 0 ? (
        <Text data-testid="audit-empty">{t('empty')}</Text>
      ) : null}
      {state.k === 'ready' && state.entries.length > 0 ? (
        // A focusable, labelled region: keyboard users can scroll a wide table.
        <Table.ScrollContainer
          minWidth={720}
          role="region"
          aria-labelledby="audit-title"
          tabIndex={0}
        >
          <Table striped highlightOnHover captionSide="top">
            <Table.Caption>{t('table.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('table.time')}</Table.Th>
                <Table.Th scope="col">{t('table.action')}</Table.Th>
                <Table.Th scope="col">{t('table.patient')}</Table.Th>
                <Table.Th scope="col">{t('table.entity')}</Table.Th>
                <Table.Th scope="col">{t('table.outcome')}</Table.Th>
                {outbox === null ? null : <Table.Th scope="col">{t('table.server')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {state.entries.map((entry) => (
                <AuditRow
                  key={entry.id}
                  entry={entry}
                  time={time}
                  server={outbox === null ? null : (outbox.get(entry.id) ?? 'untracked')}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {state.k === 'ready' && state.limited ? (
        <Text size="sm" c="dimmed">
          {t('limited', { count: state.entries.length })}
        </Text>
      ) : null}
    </Stack>
  );
}
