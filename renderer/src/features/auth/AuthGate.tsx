import { Button, Center, Container, Loader, Stack, Text, Title, Alert } from '@mantine/core';
import { useCallback, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FhirProvider, type SessionInfo } from '../../fhir/FhirProvider';
import { loadFhirclient, type SmartLib } from '../../fhir/smart-lib';
import { OfflineProvider, type SignOutHook } from '../../offline/OfflineProvider';
import { AuditSessionEvents, type AuditSignOut } from '../audit/AuditSessionEvents';
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
  // The offline layer's sign-out policy (wipe, or keep encrypted) runs before the sign-out.
  const beforeSignOut = useRef<SignOutHook | null>(null);
  const registerSignOutHook = useCallback((hook: SignOutHook | null) => {
    beforeSignOut.current = hook;
  }, []);
  // The audit trail's 'signed-out' (issue 7): recorded and sent before the policy may wipe.
  const auditSignOut = useRef<AuditSignOut | null>(null);
  const registerAuditSignOut = useCallback((record: AuditSignOut | null) => {
    auditSignOut.current = record;
  }, []);
  const signOutWithPolicy = useCallback(async () => {
    await auditSignOut.current?.().catch(() => undefined);
    const hook = beforeSignOut.current;
    if (hook && !(await hook().catch(() => true))) return;
    await signOut();
  }, [signOut]);

  const info: SessionInfo | null = useMemo(
    () =>
      session && {
        server: session.server,
        user: session.user,
        launchKind: session.launchKind,
        ...(session.patientId ? { patientId: session.patientId } : {}),
        signOut: signOutWithPolicy,
      },
    [session, signOutWithPolicy],
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
          serversLocked={flow.serversLocked}
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
      // False positive: `info` holds a callback that reads the sign-out-hook ref when the
      // clinician signs out, never during render.
      // eslint-disable-next-line react-hooks/refs
      if (!info) return null;
      return (
        <FhirProvider api={phase.session.api} session={info}>
          <OfflineProvider
            key={`${phase.session.server.id}|${phase.session.user.key}`}
            pinDays={flow.config?.cache?.pinDays ?? 7}
            wipeOnSignOut={flow.config?.cache?.wipeOnSignOut ?? false}
            retentionDays={flow.config?.cache?.retentionDays ?? 30}
            registerSignOutHook={registerSignOutHook}
          >
            <AuditSessionEvents registerSignOut={registerAuditSignOut} />
            {props.children}
          </OfflineProvider>
          <SignInPrompt
            opened={flow.prompt.open}
            busy={flow.prompt.busy}
            error={flow.prompt.error}
            server={phase.session.server}
            onSignIn={flow.signInAgain}
            onSignOut={() => void signOutWithPolicy()}
          />
        </FhirProvider>
      );
  }
}
