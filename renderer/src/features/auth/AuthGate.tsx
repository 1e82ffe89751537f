import { Button, Center, Container, Loader, Stack, Text, Title, Alert } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FhirProvider, type SessionInfo } from '../../fhir/FhirProvider';
import { loadFhirclient, type SmartLib } from '../../fhir/smart-lib';
import { ServerPicker } from './ServerPicker';
import { SignInPrompt } from './SignInPrompt';
import { useAuthFlow } from './useAuthFlow';
import { Redirecting, WaitingForBrowser } from './WaitingForBrowser';

export interface AuthGateProps {
  /** fhirclient (tests inject a fake). */
  loadLib?: () => Promise<SmartLib>;
  fetch?: typeof fetch;
  children: ReactNode;
}

/** Renders its children only when signed in, inside a {@link FhirProvider}. */
export function AuthGate(props: AuthGateProps) {
  const { t } = useTranslation('auth');
  const flow = useAuthFlow({
    loadLib: props.loadLib ?? loadFhirclient,
    ...(props.fetch ? { fetch: props.fetch } : {}),
  });
  const { phase, signOut } = flow;
  const session = phase.k === 'signed-in' ? phase.session : null;

  const info: SessionInfo | null = useMemo(
    () =>
      session && {
        server: session.server,
        user: session.user,
        launchKind: session.launchKind,
        ...(session.patientId ? { patientId: session.patientId } : {}),
        signOut,
      },
    [session, signOut],
  );

  switch (phase.k) {
    case 'loading':
      return (
        <Center mih="60vh">
          <Loader aria-label={t('loading')} />
        </Center>
      );
    case 'config-error':
      return (
        <Container size="sm" py="xl" data-testid="config-error">
          <Stack>
            <Title order={1}>{t('config-error.title')}</Title>
            <Alert color="red" role="alert">
              <Text size="sm">{t('config-error.body')}</Text>
              <Text size="sm" mt="xs" ff="monospace" data-i18n-ignore>
                {phase.error instanceof Error ? phase.error.message : String(phase.error)}
              </Text>
            </Alert>
            <Button onClick={flow.retryBoot} w="fit-content">
              {t('retry')}
            </Button>
          </Stack>
        </Container>
      );
    case 'picker':
      return (
        <ServerPicker
          servers={flow.servers}
          customIds={flow.customIds}
          defaultServerId={flow.config?.defaultServerId}
          error={phase.error}
          errorServer={phase.server}
          onSignIn={(server) => flow.signIn(server)}
          onServersChanged={flow.serversChanged}
          {...(props.fetch ? { fetch: props.fetch } : {})}
        />
      );
    case 'redirecting':
      return <Redirecting serverName={phase.server.name} onCancel={phase.cancel} />;
    case 'waiting':
      return <WaitingForBrowser serverName={phase.server.name} onCancel={phase.cancel} />;
    case 'signed-in':
      if (!info) return null;
      return (
        <FhirProvider api={phase.session.api} session={info}>
          {props.children}
          <SignInPrompt
            opened={flow.prompt.open}
            busy={flow.prompt.busy}
            error={flow.prompt.error}
            server={phase.session.server}
            onSignIn={flow.signInAgain}
            onSignOut={() => void signOut()}
          />
        </FhirProvider>
      );
  }
}
