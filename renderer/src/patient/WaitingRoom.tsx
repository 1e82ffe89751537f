import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StepHeading } from './StepHeading';

/** Step 3: the lobby. The clinician already knows; the call starts by itself on admission. */
export function WaitingRoom(props: { onLeave: () => void }): React.JSX.Element {
  const { t } = useTranslation('patient');
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
