import { Button, Group, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { chatTimeFormat } from '../features/consult/call/ui/chat-time';
import { StepHeading } from './StepHeading';

/** Step 3: the lobby. The clinician already knows; the call starts by itself on admission. */
export function WaitingRoom(props: { onLeave: () => void }): React.JSX.Element {
  const { t, i18n } = useTranslation('patient');
  const language = i18n.resolvedLanguage ?? i18n.language;
  // While the patient waits: the chat's formatter costs ~40 ms the first time, which would
  // otherwise delay the call's setup at the moment they are admitted.
  useEffect(() => void chatTimeFormat(language), [language]);
  return (
    <Stack gap="sm" data-testid="waiting-room">
      <StepHeading step={3} title={t('waiting.title')} focus />
      <Text fw={600}>{t('waiting.body')}</Text>
      <Text size="sm">{t('waiting.auto')}</Text>
      <Group>
        <Button variant="default" color="red" onClick={props.onLeave} data-testid="waiting-leave">
          {t('waiting.leave')}
        </Button>
      </Group>
    </Stack>
  );
}
