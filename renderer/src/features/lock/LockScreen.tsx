/**
 * What a locked workstation shows: who is signed in, why it locked, how to get back in (SMART
 * re-authentication, or the PIN where the clinic allows it), sign-out for the next person,
 * and what a running call is doing. Nothing about patients.
 */
import { Alert, Button, Center, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInErrorMessage } from '../auth/SignInErrorMessage';
import type { LockReason } from './lock-record';
import { PinUnlockForm, type PinUnlockFormProps } from './PinUnlockForm';
import type { PinStore } from './pin-store';
import { SetPinForm } from './SetPinForm';

export type LockedCall = 'none' | 'keep-audio' | 'pause';

export interface LockScreenProps {
  userName: string;
  server: { name: string; fhirBaseUrl: string };
  /** `set-pin`: re-authenticated, offered a PIN before the data shows again. */
  view: { k: 'locked'; reason: LockReason; since: number } | { k: 'set-pin' };
  idleMinutes: number;
  call: LockedCall;
  /** Present when a PIN may unlock (allowed by the clinic and set for this user). */
  pin?: Omit<PinUnlockFormProps, 'now'>;
  pins: Pick<PinStore, 'set'>;
  reauth: {
    busy: boolean;
    error?: unknown;
    /** The browser host leaves the page to sign in (a running call ends). */
    reloadsPage: boolean;
    start: () => void;
    cancel: () => void;
  };
  onSetPinDone: () => void;
  onSignOut: () => void;
}

function useLockedAt(since: number): string {
  const { i18n } = useTranslation();
  try {
    return new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }).format(since);
  } catch {
    return new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(since);
  }
}

function LockedBody(
  props: LockScreenProps & { view: { k: 'locked'; reason: LockReason; since: number } },
) {
  const { t } = useTranslation('lock');
  const at = useLockedAt(props.view.since);
  const { reauth } = props;
  return (
    <Stack gap="md">
      <Text data-testid="lock-reason">
        {props.view.reason === 'idle'
          ? t('reason.idle', { count: props.idleMinutes, time: at })
          : t(`reason.${props.view.reason}`, { time: at })}
      </Text>
      <Text size="sm">{t('hidden')}</Text>
      {props.call !== 'none' ? (
        <Alert color="blue" data-testid="lock-call" data-policy={props.call}>
          {t(`call.${props.call}`)}
        </Alert>
      ) : null}
      {props.pin ? (
        <>
          <PinUnlockForm {...props.pin} />
          <Divider label={t('or')} labelPosition="center" />
        </>
      ) : null}
      <Stack gap="xs">
        {reauth.error !== undefined ? (
          <SignInErrorMessage
            error={reauth.error}
            server={{ name: props.server.name, url: props.server.fhirBaseUrl }}
          />
        ) : null}
        {reauth.reloadsPage && props.call !== 'none' ? (
          <Text size="sm" c="orange.9" data-testid="lock-reauth-ends-call">
            {t('reauth.ends-call')}
          </Text>
        ) : null}
        <Group gap="sm">
          <Button onClick={reauth.start} loading={reauth.busy} data-testid="lock-reauth">
            {t('reauth.button')}
          </Button>
          {reauth.busy ? (
            <Button variant="default" onClick={reauth.cancel}>
              {t('reauth.cancel')}
            </Button>
          ) : null}
        </Group>
        {reauth.busy && !reauth.reloadsPage ? (
          <Text size="sm" role="status">
            {t('reauth.waiting')}
          </Text>
        ) : null}
      </Stack>
    </Stack>
  );
}

export function LockScreen(props: LockScreenProps): React.JSX.Element {
  const { t } = useTranslation('lock');
  const heading = useRef<HTMLHeadingElement>(null);

  // Focus moves here: whatever had it was inside the views that just went away.
  useEffect(() => heading.current?.focus(), [props.view.k]);

  return (
    <Center component="main" mih="100vh" p="md" data-testid="lock-screen" data-view={props.view.k}>
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={480}>
        <Stack gap="md">
          <Title order={1} size="h2" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
            {props.view.k === 'locked' ? t('title') : t('title-unlocked')}
          </Title>
          <Text data-testid="lock-user">
            {t('signed-in-as')}{' '}
            <strong data-i18n-ignore data-testid="lock-user-name">
              {props.userName}
            </strong>{' '}
            ·{' '}
            <span data-i18n-ignore data-testid="lock-server">
              {props.server.name}
            </span>
          </Text>
          {props.view.k === 'locked' ? (
            <LockedBody {...props} view={props.view} />
          ) : (
            <SetPinForm pins={props.pins} onDone={props.onSetPinDone} />
          )}
          <Divider />
          <Group justify="flex-end">
            <Button
              variant="subtle"
              color="red"
              onClick={props.onSignOut}
              data-testid="lock-sign-out"
            >
              {t('sign-out')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
