/**
 * Chat beside the call: the messages (mine on the right, theirs on the left, each with sender
 * and time), an input where Enter sends, and a reason instead of a silently dead input when
 * nobody is connected. Messages from others are announced politely with the sender's name.
 */
import { chatTimeFormat } from './chat-time';
import {
  Box,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { memo, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessage } from '../call-session';

export interface ChatPanelProps {
  messages: readonly ChatMessage[];
  /** False while nobody else is connected (data channels are peer to peer). */
  canSend: boolean;
  /** Sends; false when the message could not go out. */
  onSend: (text: string) => boolean;
}

/** The data channel's limit (call-session.ts). */
const MAX_LENGTH = 2000;

function ChatPanelView(props: ChatPanelProps): React.JSX.Element {
  const { t, i18n } = useTranslation('consult');
  const [draft, setDraft] = useState('');
  const [notSent, setNotSent] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const inputId = useId();
  const time = chatTimeFormat(i18n.resolvedLanguage ?? i18n.language);
  const lastIncoming = props.messages.findLast((m) => !m.mine);
  const count = props.messages.length;

  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [count]);

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (!draft.trim()) return;
    if (props.onSend(draft)) {
      setDraft('');
      setNotSent(false);
    } else {
      setNotSent(true);
    }
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={`${inputId}-title`}>
      <Stack gap="xs">
        <Title order={2} size="h5" id={`${inputId}-title`}>
          {t('chat.title')}
        </Title>
        <Box
          component="ol"
          ref={listRef}
          aria-label={t('chat.messages')}
          m={0}
          p={0}
          mah={240}
          style={{ listStyle: 'none', overflowY: 'auto' }}
          tabIndex={0}
          data-testid="chat-messages"
        >
          {props.messages.length === 0 ? (
            <Text component="li" size="sm" c="dimmed">
              {t('chat.empty')}
            </Text>
          ) : null}
          {props.messages.map((m) => (
            <Box
              component="li"
              key={m.id}
              mb={6}
              data-testid="chat-message"
              data-mine={m.mine ? 'true' : 'false'}
              style={{ display: 'flex', justifyContent: m.mine ? 'flex-end' : 'flex-start' }}
            >
              <Paper
                px="sm"
                py={4}
                maw="85%"
                bg={m.mine ? 'blue.0' : 'gray.1'}
                c="dark.9"
                radius="md"
              >
                <Group gap={6} wrap="nowrap">
                  {m.mine || !m.fromName ? (
                    <Text size="xs" fw={600}>
                      {t('chat.you')}
                    </Text>
                  ) : (
                    <Text size="xs" fw={600} data-i18n-ignore="" data-testid="chat-sender">
                      {m.fromName}
                    </Text>
                  )}
                  <Text
                    component="time"
                    size="xs"
                    c="dimmed"
                    dateTime={new Date(m.at).toISOString()}
                    data-i18n-ignore=""
                  >
                    {time.format(m.at)}
                  </Text>
                </Group>
                <Text
                  size="sm"
                  data-i18n-ignore=""
                  style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                >
                  {m.text}
                </Text>
              </Paper>
            </Box>
          ))}
        </Box>
        <form onSubmit={submit}>
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              id={inputId}
              label={t('chat.input')}
              value={draft}
              onChange={(e) => {
                setDraft(e.currentTarget.value);
                setNotSent(false);
              }}
              maxLength={MAX_LENGTH}
              disabled={!props.canSend}
              description={props.canSend ? undefined : t('chat.unavailable')}
              inputWrapperOrder={['label', 'input', 'description']}
              autoComplete="off"
              style={{ flex: 1 }}
              data-testid="chat-input"
            />
            <Button type="submit" mt={24} disabled={!props.canSend} data-testid="chat-send">
              {t('chat.send')}
            </Button>
          </Group>
        </form>
        {notSent ? (
          <Text size="xs" c="red" role="alert" data-testid="chat-not-sent">
            {t('chat.notSent')}
          </Text>
        ) : null}
        <VisuallyHidden aria-live="polite" data-testid="chat-announcer">
          {lastIncoming ? (
            <span key={lastIncoming.id}>
              {t('chat.announce', { name: lastIncoming.fromName, text: lastIncoming.text })}
            </span>
          ) : null}
        </VisuallyHidden>
      </Stack>
    </Paper>
  );
}

/** Memoized: the call's snapshot changes often (signals, stats); this part only when its props do. */
export const ChatPanel = memo(ChatPanelView);
