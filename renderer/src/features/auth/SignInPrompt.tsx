import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FhirServerConfig } from '../../../../shared/config/app-config';
import { SignInErrorMessage } from './SignInErrorMessage';

export interface SignInPromptProps {
  opened: boolean;
  server: Pick<FhirServerConfig, 'name' | 'fhirBaseUrl'>;
  busy: boolean;
  error?: unknown;
  onSignIn: () => void;
  onSignOut: () => void;
}

/**
 * Shown over the current view when the token can no longer be refreshed. It is a modal,
 * not a route change, so the open chart stays mounted and continues after sign-in.
 */
export function SignInPrompt(props: SignInPromptProps) {
  const { t } = useTranslation('auth');
  return (
    <Modal
      opened={props.opened}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title={t('prompt.title')}
      centered
    >
      <Stack data-testid="sign-in-prompt">
        <Text>
          {t('prompt.body')} <strong data-i18n-ignore>{props.server.name}</strong>
        </Text>
        {props.error !== undefined && (
          <SignInErrorMessage
            error={props.error}
            server={{ name: props.server.name, url: props.server.fhirBaseUrl }}
          />
        )}
        <Group>
          <Button onClick={props.onSignIn} loading={props.busy} data-testid="sign-in-again">
            {t('prompt.sign-in')}
          </Button>
          <Button variant="default" onClick={props.onSignOut}>
            {t('prompt.sign-out')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
