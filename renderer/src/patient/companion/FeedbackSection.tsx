/**
 * "Messages from your care team": the clinicians' feedback, newest first as the server sends
 * it, each with its sender and when it was sent in the patient's locale. The text is the
 * clinician's plain text and is rendered as React text (a text node, never HTML), with its line
 * breaks kept; what the page cannot show (attachments) is said, not silently dropped.
 */
import { Alert, Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import type { CompanionApi } from './companion-api';
import type { FeedbackMessage } from './companion-schemas';
import { ErrorDetail, errorSentence } from './ErrorMessage';
import { useFeedback } from './use-feedback';

export function FeedbackSection(props: {
  api: CompanionApi;
  onExpired: () => void;
  now: () => Date;
  /** Locale for dates (see displayLocale). */
  locale: string;
  pollMs?: number | undefined;
}): React.JSX.Element {
  const { t } = useTranslation('companion');
  const { state, refresh } = useFeedback(props.api, {
    pollMs: props.pollMs,
    onExpired: props.onExpired,
    now: props.now,
  });
  const { messages, error } = state;
  const time = (epoch: number) =>
    new Intl.DateTimeFormat(props.locale, { timeStyle: 'short' }).format(epoch);

  let status = '';
  if (messages === undefined && error === undefined) status = t('feedback.loading');
  else if (messages !== undefined && error !== undefined && state.updatedAt !== undefined)
    status = t('feedback.stale', { time: time(state.updatedAt) });
  else if (state.newCount > 0) status = t('feedback.new', { count: state.newCount });

  return (
    <Box component="section" aria-labelledby="companion-feedback-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="companion-feedback-title">
          {t('feedback.title')}
        </Title>
        <Text size="sm" c="dimmed" role="status" data-testid="companion-feedback-status">
          {status}
        </Text>
        {messages === undefined && error !== undefined ? (
          <Alert color="orange" role="alert" title={t('feedback.failed')}>
            <Text size="sm">{errorSentence(t, error)}</Text>
            <ErrorDetail error={error} />
            <Button mt="xs" size="xs" variant="light" onClick={refresh}>
              {t('retry')}
            </Button>
          </Alert>
        ) : null}
        {messages?.length === 0 ? <Text>{t('feedback.empty')}</Text> : null}
        {messages && messages.length > 0 ? (
          <Box
            component="ol"
            data-testid="companion-feedback"
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
          >
            {messages.map((m) => (
              <Message key={m.id} message={m} locale={props.locale} />
            ))}
          </Box>
        ) : null}
      </Stack>
    </Box>
  );
}

function Message(props: { message: FeedbackMessage; locale: string }): React.JSX.Element {
  const { t } = useTranslation('companion');
  const { message } = props;
  return (
    <Paper component="li" withBorder p="sm" mb="sm" data-testid="companion-message">
      <Group justify="space-between" gap="xs" mb={4}>
        {message.sender !== null ? (
          <Text fw={600} size="sm" data-i18n-ignore="" data-testid="companion-message-sender">
            {message.sender}
          </Text>
        ) : (
          <Text fw={600} size="sm" data-testid="companion-message-sender">
            {t('feedback.careTeam')}
          </Text>
        )}
        {message.sent !== null ? (
          <Text component="time" size="sm" c="dimmed" dateTime={message.sent} data-i18n-ignore="">
            {formatFhirDate(message.sent, props.locale)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('feedback.undated')}
          </Text>
        )}
      </Group>
      <Text
        lang={message.language ?? undefined}
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        data-i18n-ignore=""
        data-testid="companion-message-text"
      >
        {message.text}
      </Text>
      {message.omittedParts > 0 ? (
        <Text size="sm" c="dimmed" mt={4}>
          {t('feedback.omitted', { count: message.omittedParts })}
        </Text>
      ) : null}
    </Paper>
  );
}
