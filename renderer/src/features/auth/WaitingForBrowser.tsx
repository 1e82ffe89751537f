import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Electron: sign-in continues in the system browser (RFC 8252); the user may cancel. */
export function WaitingForBrowser(props: { serverName: string; onCancel: () => void }) {
  const { t } = useTranslation('auth');
  return (
    <Center mih="60vh" data-testid="waiting-for-browser">
      <Stack align="center" gap="md" maw={480}>
        <Loader aria-hidden />
        <Title order={2}>{t('waiting.title')}</Title>
        <Text ta="center">
          {t('waiting.body')} <strong data-i18n-ignore>{props.serverName}</strong>
        </Text>
        <Button variant="default" onClick={props.onCancel}>
          {t('waiting.cancel')}
        </Button>
      </Stack>
    </Center>
  );
}

/**
 * Browser host: the server is being checked and fhirclient is about to navigate to the
 * authorization server. Cancel returns to the picker (until the navigation has begun).
 */
export function Redirecting(props: { serverName: string; onCancel: () => void }) {
  const { t } = useTranslation('auth');
  return (
    <Center mih="60vh" data-testid="redirecting">
      <Stack align="center">
        <Loader aria-hidden />
        <Text>
          {t('redirecting')} <strong data-i18n-ignore>{props.serverName}</strong>
        </Text>
        <Button variant="default" onClick={props.onCancel} data-testid="redirecting-cancel">
          {t('redirecting-cancel')}
        </Button>
      </Stack>
    </Center>
  );
}
