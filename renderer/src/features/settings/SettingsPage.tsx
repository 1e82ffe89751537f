/**
 * Settings (`#/settings`, issue 7 item 2): the settings in effect on this workstation. Those
 * the clinic's machine-wide file fixes are shown locked ("Set by your clinic (path)"); the
 * ones a clinician may set for this workstation (shared/config/user-settings.ts: languages,
 * and the security and cache policies made stricter only) are edited here, section by section,
 * and saved through the host: Electron writes the user's `config.json` through main, the
 * browser keeps them in localStorage. Servers and consultation infrastructure stay read-only.
 */
import { Alert, Box, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig } from '../../../../shared/config/app-config';
import type { UserSettingsSnapshot } from '../../../../shared/config/user-settings';
import { useHost } from '../../host/HostProvider';
import { changeLanguage } from '../../i18n/i18n';
import { PSEUDO_LOCALE } from '../../i18n/pseudo';
import { LocalUserSettings } from '../../host/local-user-settings';
import { EditableSection } from './EditableSection';
import { LanguageChoice } from './LanguageSetting';
import { Section } from './Section';
import { ServerSettings } from './ServerSettings';
import { LockIcon, SettingRow, Value } from './SettingRow';
import { UpdatePanel } from './UpdatePanel';

export interface SettingsPageProps {
  /** Where a host without its own settings store keeps them; the page's localStorage by default. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

type PageState =
  | { k: 'loading' }
  | { k: 'error' }
  | { k: 'ready'; config: AppConfig; snapshot: UserSettingsSnapshot | undefined };

export function SettingsPage(props: SettingsPageProps) {
  const { t, i18n } = useTranslation('settings');
  const host = useHost();
  const store = useMemo(
    () =>
      host.userSettings ??
      new LocalUserSettings(props.storage ?? pageStorage(), () => host.getConfig()),
    [host, props.storage],
  );
  const [state, setState] = useState<PageState>({ k: 'loading' });
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    // A store that cannot be asked leaves the page read-only, never blank.
    const snapshot = store.load().catch(() => undefined);
    host.getConfig().then(
      async (config) => {
        const loaded = await snapshot;
        if (live) setState({ k: 'ready', config, snapshot: loaded });
      },
      () => live && setState({ k: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [host, store, reload]);

  if (state.k === 'loading') {
    return (
      <Center mih="30vh">
        <Loader aria-label={t('loading')} />
      </Center>
    );
  }
  if (state.k === 'error') {
    return (
      <Alert color="red" role="alert" title={t('title')}>
        {t('load-error')}
      </Alert>
    );
  }
  const { config, snapshot } = state;
  const managed = config.managed;
  const common = { config, snapshot, store, onSaved: () => setReload((n) => n + 1) };
  return (
    <Stack gap="md" data-testid="settings-page">
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      {managed ? (
        <Text size="sm" data-testid="managed-intro">
          <LockIcon /> {t('managed-intro', { path: managed.path })}
        </Text>
      ) : (
        <Text size="sm">{t('intro')}</Text>
      )}
      <StorageNote snapshot={snapshot} />
      <ServerSettings config={config} />
      <EditableSection
        section="security"
        title={t('sections.security')}
        testId="settings-security"
        labels={{
          'security.idleLockMinutes': t('security.idle-minutes'),
          'security.pinUnlock': t('security.pin-unlock'),
          'security.callOnLock': t('security.call-on-lock'),
        }}
        {...common}
      />
      <EditableSection
        section="cache"
        title={t('sections.cache')}
        testId="settings-cache"
        labels={{
          'cache.retentionDays': t('cache.retention-days'),
          'cache.pinDays': t('cache.pin-days'),
          'cache.wipeOnSignOut': t('cache.wipe'),
        }}
        {...common}
      />
      <EditableSection
        section="languages"
        title={t('sections.languages')}
        testId="settings-languages"
        labels={{ languages: t('languages.offered') }}
        {...common}
        onSaved={(values) => {
          // The language in use must stay one of those offered.
          const offered = values.languages;
          const first: unknown = Array.isArray(offered) ? offered[0] : undefined;
          if (
            Array.isArray(offered) &&
            typeof first === 'string' &&
            i18n.language !== PSEUDO_LOCALE &&
            !offered.includes(i18n.language)
          ) {
            void changeLanguage(i18n, first);
          }
          common.onSaved();
        }}
      >
        <Box py="xs">
          <LanguageChoice config={config} />
        </Box>
      </EditableSection>
      {host.updates ? (
        <EditableSection
          section="updates"
          title={t('sections.updates')}
          testId="settings-updates"
          labels={{ 'updates.enabled': t('updates.enabled') }}
          {...common}
        >
          <UpdatePanel />
          <SettingRow label={t('updates.url')} field="updates.url" managed={managed}>
            {config.updates?.url ? (
              <Value data>{config.updates.url}</Value>
            ) : (
              <Value>{t('updates.default-url')}</Value>
            )}
          </SettingRow>
        </EditableSection>
      ) : (
        <Section title={t('sections.updates')} testId="settings-updates">
          <UpdatePanel />
        </Section>
      )}
    </Stack>
  );
}

/** Where the clinician's own settings are kept, or why they cannot be changed now. */
function StorageNote(props: { snapshot: UserSettingsSnapshot | undefined }) {
  const { t } = useTranslation('settings');
  const { snapshot } = props;
  if (!snapshot) {
    return (
      <Alert color="yellow" role="alert" data-testid="settings-read-only">
        {t('storage.unavailable')}
      </Alert>
    );
  }
  if (snapshot.readOnlyReason !== undefined) {
    return (
      <Alert color="yellow" role="alert" data-testid="settings-read-only">
        {t('storage.read-only')} <span data-i18n-ignore>{snapshot.readOnlyReason}</span>
      </Alert>
    );
  }
  return (
    <Text size="sm" c="dimmed" data-testid="settings-storage">
      {snapshot.storage.kind === 'file'
        ? t('storage.file', { path: snapshot.storage.path })
        : t('storage.browser')}
    </Text>
  );
}

/** The page's localStorage, or none where the browser denies it. */
function pageStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
