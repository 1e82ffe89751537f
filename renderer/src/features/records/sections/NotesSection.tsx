/**
 * Clinical notes (issue 3, "Outbox"): written into the outbox, never straight to the server,
 * so a note written offline is kept (encrypted) and sent exactly once when the server answers.
 * The note is a DocumentReference (see offline/clinical-note.ts); once sent it also appears
 * under Documents after the next sync.
 */
import { Alert, Badge, Button, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../fhir/FhirProvider';
import { buildClinicalNote, noteTitle } from '../../../offline/clinical-note';
import type { OutboxEntry, OutboxState } from '../../../offline/contracts';
import { useOptionalOffline, type OfflineServices } from '../../../offline/OfflineContext';
import { formatAsOf } from '../../../offline/format-as-of';
import { useLocale } from '../format';

const BADGE: Record<OutboxState, string> = {
  pending: 'gray',
  sending: 'blue',
  sent: 'green',
  failed: 'red',
};

function usePatientOutbox(offline: OfflineServices, patientId: string): OutboxEntry[] {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  useEffect(
    () =>
      offline.scope.outbox.watch(
        (all) => setEntries(all.filter((e) => e.patientId === patientId).reverse()),
        (e: unknown) => console.warn('Reading the outbox failed', e),
      ),
    [offline, patientId],
  );
  return entries;
}

function NoteRow(props: { entry: OutboxEntry; onRetry: () => void }): React.JSX.Element {
  const { t } = useTranslation('records');
  const locale = useLocale();
  const { entry } = props;
  return (
    <Table.Tr data-testid="note-row" data-state={entry.state} data-id={entry.id}>
      <Table.Td>
        <Text size="sm" data-i18n-ignore="">
          {entry.label}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-i18n-ignore="">
          {formatAsOf(entry.createdAt, locale)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          <Badge color={BADGE[entry.state]} variant="light">
            {t(`notes.state.${entry.state}`)}
          </Badge>
          {entry.state === 'failed' ? (
            <>
              {entry.lastError ? (
                <Text size="xs" c="red" data-i18n-ignore="" data-testid="note-error">
                  {entry.lastError}
                </Text>
              ) : null}
              <Button size="xs" variant="light" onClick={props.onRetry} data-testid="retry-note">
                {t('notes.retry')}
              </Button>
            </>
          ) : null}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

function Notes(props: { offline: OfflineServices; patientId: string }): React.JSX.Element {
  const { t } = useTranslation('records');
  const session = useSession();
  const { offline, patientId } = props;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const entries = usePatientOutbox(offline, patientId);
  const fhirUser = session.user.fhirUser;
  const author = fhirUser?.startsWith('Practitioner/') ? fhirUser : undefined;

  const save = async (): Promise<void> => {
    const body = text.trim();
    if (!body) return;
    setBusy(true);
    setError(undefined);
    try {
      await offline.scope.outbox.enqueue({
        patientId,
        resource: buildClinicalNote({ patientId, text: body, ...(author ? { author } : {}) }),
        label: noteTitle(body),
      });
      setText('');
      void offline.flushOutbox();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const retry = (id: string): void => {
    void offline.scope.outbox.retry(id).then(() => offline.flushOutbox());
  };

  return (
    <Stack data-testid="notes-section">
      <Textarea
        label={t('notes.new')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={3}
        data-testid="note-text"
      />
      <Group>
        <Button
          onClick={() => void save()}
          disabled={!text.trim() || busy}
          loading={busy}
          data-testid="save-note"
        >
          {t('notes.save')}
        </Button>
      </Group>
      {error ? (
        <Alert color="red" role="alert">
          {t('notes.saveFailed')}{' '}
          <Text span inherit data-i18n-ignore="">
            {error}
          </Text>
        </Alert>
      ) : null}
      {entries.length === 0 ? (
        <Text c="dimmed" fs="italic">
          {t('notes.none')}
        </Text>
      ) : (
        <Table data-testid="notes-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('notes.note')}</Table.Th>
              <Table.Th>{t('notes.created')}</Table.Th>
              <Table.Th>{t('notes.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => (
              <NoteRow key={e.id} entry={e} onRetry={() => retry(e.id)} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function NotesSection(props: { patientId: string }): React.JSX.Element {
  const { t } = useTranslation('records');
  const offline = useOptionalOffline();
  if (!offline) {
    return (
      <Alert color="yellow" data-testid="notes-unavailable">
        {t('notes.unavailable')}
      </Alert>
    );
  }
  return <Notes offline={offline} patientId={props.patientId} />;
}
