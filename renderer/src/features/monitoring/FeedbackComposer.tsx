/**
 * Feedback to the patient: a template suggested by their alerts, filled with their numbers in
 * their language (Patient.communication) and units, editable before sending; sent as a FHIR
 * Communication through the outbox. Earlier feedback is listed with its state.
 */
import { Button, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../../shared/monitoring/alerts';
import {
  buildFeedbackCommunication,
  draftFeedback,
  patientLanguage,
  suggestFeedback,
  FEEDBACK_LANGUAGES,
  type FeedbackLanguage,
} from '../../../../shared/monitoring/feedback';
import { useOffline } from '../../offline/OfflineContext';
import { useAudit } from '../audit/useAudit';
import { formatAsOf } from '../../offline/format-as-of';
import { useLocale } from '../records/format';
import type { MonitoredPatient } from './monitoring-data';
import { usePractitioner } from './practitioner';

export function FeedbackComposer(props: {
  patient: MonitoredPatient;
  alerts: readonly Alert[];
  onSent: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const offline = useOffline();
  const practitioner = usePractitioner();
  const audit = useAudit();
  const locale = useLocale();
  const { patient } = props;
  const preferred = patientLanguage(patient.patient).language;
  const [language, setLanguage] = useState<FeedbackLanguage>(preferred);
  const suggestions = useMemo(() => suggestFeedback(props.alerts), [props.alerts]);
  const [choice, setChoice] = useState(0);
  const values = suggestions[Math.min(choice, suggestions.length - 1)];
  const drafted = values ? draftFeedback(values, { language }).text : '';
  const [edited, setEdited] = useState<{ base: string; text: string } | undefined>(undefined);
  // An edit belongs to the draft it started from: another template or language starts over.
  const text = edited && edited.base === drafted ? edited.text : drafted;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [sentNote, setSentNote] = useState(false);
  /** One id per message: a retry of the same message can never create a second one. */
  const messageId = useRef<string | undefined>(undefined);

  /** Set synchronously: a double click queues the message once. */
  const sending = useRef(false);

  async function send(): Promise<void> {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setError(undefined);
    try {
      messageId.current ??= globalThis.crypto.randomUUID();
      const about = (values ? props.alerts.flatMap((a) => a.readings[0]?.reference ?? []) : [])
        .filter((r, i, all) => all.indexOf(r) === i)
        .slice(0, 20);
      const communication = buildFeedbackCommunication({
        id: messageId.current,
        patientId: patient.patientId,
        practitioner,
        text,
        language,
        sent: new Date().toISOString(),
        about,
      });
      await offline.scope.outbox.enqueue({
        patientId: patient.patientId,
        resource: communication,
        label: t('feedback.label'),
      });
      void audit({
        action: 'feedback-sent',
        patient: `Patient/${patient.patientId}`,
        entity: { reference: `Communication/${communication.id ?? ''}`, type: 'Communication' },
        detail: `language ${language}`,
        outcome: 'success',
      });
      messageId.current = undefined;
      setEdited(undefined);
      setSentNote(true);
      void offline.flushOutbox();
      props.onSent();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="monitoring-feedback-title">
      <Title order={3} size="h5" id="monitoring-feedback-title">
        {t('feedback.title')}
      </Title>
      <Stack gap="xs" mt="xs">
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label={t('feedback.template')}
            value={String(choice)}
            onChange={(e) => setChoice(Number(e.currentTarget.value))}
            data={suggestions.map((s, i) => ({
              value: String(i),
              label: t(`feedback.templates.${s.template}`),
            }))}
            data-testid="feedback-template"
          />
          <NativeSelect
            label={t('feedback.language')}
            value={language}
            onChange={(e) => setLanguage(e.currentTarget.value as FeedbackLanguage)}
            data={FEEDBACK_LANGUAGES.map((l) => ({
              value: l,
              label: t(`feedback.languages.${l}`),
            }))}
            data-testid="feedback-language"
          />
        </Group>
        <Textarea
          label={t('feedback.text')}
          value={text}
          onChange={(e) => {
            setEdited({ base: drafted, text: e.currentTarget.value });
            setSentNote(false);
          }}
          autosize
          minRows={3}
          // The message is in the patient's language, from the templates: data, not UI text.
          data-i18n-ignore=""
          data-testid="feedback-text"
        />
        <Group gap="xs">
          <Button
            onClick={() => void send()}
            loading={busy}
            disabled={!text.trim()}
            data-testid="feedback-send"
          >
            {t('feedback.send')}
          </Button>
          {sentNote ? (
            <Text size="sm" c="green" role="status">
              {t('feedback.queued')}
            </Text>
          ) : null}
        </Group>
        {error ? (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        ) : null}
        {patient.feedback.length > 0 ? (
          <Stack gap={4} data-testid="feedback-history">
            <Text size="sm" fw={600}>
              {t('feedback.history')}
            </Text>
            {patient.feedback.slice(0, 5).map((c) => (
              <Text key={c.id} size="sm" data-i18n-ignore="" data-testid="feedback-sent">
                {c.sent ? `${formatAsOf(Date.parse(c.sent), locale)} — ` : ''}
                {c.payload?.[0]?.contentString ?? ''}
              </Text>
            ))}
          </Stack>
        ) : null}
      </Stack>
    </section>
  );
}
