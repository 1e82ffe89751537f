/**
 * The update part of Settings (issue 7 item 6): whether an update is downloaded and, when one
 * is, "Restart and install now" (main/updater.ts `installNow`). Main refuses during a call,
 * which is said plainly (`role=alert`); state changes are announced through a status region
 * that is always in the DOM. The browser host only says who updates it.
 */
import { Button, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHost } from '../../host/HostProvider';
import type { InstallOutcome } from '../../host/Host';
import { useUpdateStatus, type UpdateView } from './useUpdateStatus';

type Attempt =
  | { k: 'none' }
  | { k: 'asking' }
  | { k: 'done'; outcome: InstallOutcome }
  | { k: 'failed'; reason: string };

export function UpdatePanel() {
  const { t } = useTranslation('settings');
  const host = useHost();
  const view = useUpdateStatus();
  const [attempt, setAttempt] = useState<Attempt>({ k: 'none' });
  if (view.k === 'browser') {
    return (
      <Text size="sm" data-testid="update-browser">
        {t('updates.browser')}
      </Text>
    );
  }
  const ready = view.k === 'known' && view.status.state === 'downloaded';

  async function install(): Promise<void> {
    if (!host.updates) return;
    setAttempt({ k: 'asking' });
    try {
      setAttempt({ k: 'done', outcome: await host.updates.installNow() });
    } catch (error) {
      setAttempt({ k: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <Stack gap="xs" py="xs" data-testid="update-panel">
      <Text size="sm" role="status" data-testid="update-status">
        {statusText(t, view)}
      </Text>
      {ready ? (
        <Button
          size="xs"
          w="fit-content"
          onClick={() => void install()}
          loading={attempt.k === 'asking'}
          data-testid="update-install"
        >
          {t('updates.install-now')}
        </Button>
      ) : null}
      <AttemptText attempt={attempt} />
    </Stack>
  );
}

function statusText(t: TFunction<'settings'>, view: UpdateView): string {
  if (view.k === 'loading') return '';
  if (view.k === 'unavailable' || view.k === 'browser') return t('updates.status-unavailable');
  const { status } = view;
  if (status.state === 'off') return t('updates.status-off');
  if (status.state === 'idle') return t('updates.status-idle');
  const ready = status.version
    ? t('updates.status-ready', { version: status.version })
    : t('updates.status-ready-unnamed');
  return status.callActive ? `${ready} ${t('updates.call-running')}` : ready;
}

/** The answer to "Restart and install now"; a refusal is an alert, the rest a status. */
function AttemptText(props: { attempt: Attempt }) {
  const { t } = useTranslation('settings');
  const { attempt } = props;
  if (attempt.k === 'done' && attempt.outcome === 'deferred') {
    return (
      <Text size="sm" c="red" role="alert" data-testid="update-deferred">
        {t('updates.deferred')}
      </Text>
    );
  }
  if (attempt.k === 'failed') {
    return (
      <Text size="sm" c="red" role="alert">
        {t('updates.install-failed')} <span data-i18n-ignore>{attempt.reason}</span>
      </Text>
    );
  }
  return (
    <Text size="sm" role="status" data-testid="update-attempt">
      {attempt.k === 'done'
        ? attempt.outcome === 'installing'
          ? t('updates.installing')
          : t('updates.nothing-to-install')
        : ''}
    </Text>
  );
}
