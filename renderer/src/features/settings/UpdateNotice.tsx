/**
 * The header's notice that an update is ready (desktop app only): a link to Settings, where
 * "Restart and install now" is. Inside a status region that is always present, so screen
 * readers announce it when it appears. Nothing at all in the browser host.
 */
import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUpdateStatus } from './useUpdateStatus';

export function UpdateNotice() {
  const { t } = useTranslation('settings');
  const view = useUpdateStatus();
  if (view.k === 'browser') return null;
  const ready = view.k === 'known' && view.status.state === 'downloaded';
  return (
    <span role="status" data-testid="update-notice">
      {ready ? (
        <Anchor href="#/settings" size="sm" fw={500}>
          {view.status.version
            ? t('updates.notice', { version: view.status.version })
            : t('updates.notice-unnamed')}
        </Anchor>
      ) : null}
    </span>
  );
}
