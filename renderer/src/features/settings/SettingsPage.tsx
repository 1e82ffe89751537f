/**
 * Settings (`#/settings`, issue 7 item 2): the settings in effect on this workstation, with
 * those the clinic's machine-wide file fixes shown locked ("Set by your clinic (path)").
 * Only what takes effect is editable: the idle-lock time (unless locked) and the UI language.
 * Everything else is IT's to set in the configuration files (README, "Managed configuration").
 */
import { Alert, Box, Center, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CONFIG_DEFAULTS, type AppConfig } from '../../../../shared/config/app-config';
import { isLocked } from '../../../../shared/config/managed-config';
import { useHost } from '../../host/HostProvider';
import { IdleLockSetting } from './IdleLockSetting';
import { LanguageChoice, LanguageList } from './LanguageSetting';
import { LockIcon, SettingRow, Value } from './SettingRow';
import { effectiveIdleLockMinutes } from './user-settings';

export interface SettingsPageProps {
  /** Where user settings are saved; the page's localStorage by default. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

function Section(props: { title: string; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" component="section" data-testid={props.testId}>
      <Title order={2} size="h4" mb="xs">
        {props.title}
      </Title>
      <Box component="dl" m={0}>
        {props.children}
      </Box>
    </Paper>
  );
}

export function SettingsPage(props: SettingsPageProps) {
  const { t } = useTranslation('settings');
  const host = useHost();
  const [state, setState] = useState<
    { k: 'loading' } | { k: 'error' } | { k: 'ready'; config: AppConfig }
  >({ k: 'loading' });
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    host.getConfig().then(
      (config) => live && setState({ k: 'ready', config }),
      () => live && setState({ k: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [host, reload]);

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
  const { config } = state;
  const managed = config.managed;
  const yesNo = (value: boolean) => (value ? t('yes') : t('no'));
  const security = { ...CONFIG_DEFAULTS, ...config.security };
  const cache = { ...CONFIG_DEFAULTS, ...config.cache };
  const updates = config.updates ?? { enabled: CONFIG_DEFAULTS.updatesEnabled };
  const idleLocked = isLocked(managed, 'security.idleLockMinutes');

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

      <Section title={t('sections.servers')} testId="settings-servers">
        <SettingRow label={t('servers.list')} field="servers" managed={managed}>
          {config.servers.length === 0 ? (
            <Value>{t('servers.none')}</Value>
          ) : (
            <List size="sm" spacing="xs" listStyleType="none" ml={0}>
              {config.servers.map((server) => (
                <List.Item key={server.id} data-testid="settings-server">
                  <Text size="sm" fw={500} data-i18n-ignore>
                    {server.name}
                  </Text>
                  <Text size="xs">
                    {t('servers.base-url')}: <span data-i18n-ignore>{server.fhirBaseUrl}</span>
                  </Text>
                  <Text size="xs">
                    {t('servers.client-id')}: <span data-i18n-ignore>{server.clientId}</span>
                  </Text>
                  <Text size="xs">
                    {t('servers.scope')}:{' '}
                    {server.scope ? (
                      <span data-i18n-ignore>{server.scope}</span>
                    ) : (
                      t('servers.default-scope')
                    )}
                  </Text>
                  {server.id === config.defaultServerId ? (
                    <Text size="xs" c="dimmed">
                      {t('servers.preselected')}
                    </Text>
                  ) : null}
                </List.Item>
              ))}
            </List>
          )}
        </SettingRow>
      </Section>

      <Section title={t('sections.consult')} testId="settings-consult">
        <SettingRow label={t('consult.signaling')} field="consult.signalingUrl" managed={managed}>
          {config.consult ? (
            <Value data>{config.consult.signalingUrl}</Value>
          ) : (
            <Value>{t('not-set')}</Value>
          )}
        </SettingRow>
        <SettingRow label={t('consult.turn')} field="turnServers" managed={managed}>
          {config.turnServers?.length ? (
            <List size="sm" listStyleType="none" ml={0}>
              {config.turnServers.map((turn, index) => (
                <List.Item key={index}>
                  <span data-i18n-ignore>{turn.urls.join(', ')}</span>
                  {turn.username ? ` (${t('consult.turn-credentials')})` : null}
                </List.Item>
              ))}
            </List>
          ) : (
            <Value>{t('none')}</Value>
          )}
        </SettingRow>
      </Section>

      <Section title={t('sections.security')} testId="settings-security">
        <SettingRow
          label={t('security.idle-minutes')}
          field="security.idleLockMinutes"
          managed={managed}
        >
          {idleLocked ? (
            <Value data>{effectiveIdleLockMinutes(config)}</Value>
          ) : (
            <IdleLockSetting
              minutes={effectiveIdleLockMinutes(config)}
              storage={props.storage ?? window.localStorage}
              onSaved={() => setReload((n) => n + 1)}
            />
          )}
        </SettingRow>
        <SettingRow label={t('security.pin-unlock')} field="security.pinUnlock" managed={managed}>
          <Value>{yesNo(security.pinUnlock)}</Value>
        </SettingRow>
        <SettingRow
          label={t('security.call-on-lock')}
          field="security.callOnLock"
          managed={managed}
        >
          <Value>
            {security.callOnLock === 'pause'
              ? t('security.call-pause')
              : t('security.call-keep-audio')}
          </Value>
        </SettingRow>
      </Section>

      <Section title={t('sections.cache')} testId="settings-cache">
        <SettingRow label={t('cache.retention-days')} field="cache.retentionDays" managed={managed}>
          <Value data>{cache.retentionDays}</Value>
        </SettingRow>
        <SettingRow label={t('cache.pin-days')} field="cache.pinDays" managed={managed}>
          <Value data>{cache.pinDays}</Value>
        </SettingRow>
        <SettingRow label={t('cache.wipe')} field="cache.wipeOnSignOut" managed={managed}>
          <Value>{yesNo(cache.wipeOnSignOut)}</Value>
        </SettingRow>
      </Section>

      <Section title={t('sections.languages')} testId="settings-languages">
        <SettingRow label={t('languages.offered')} field="languages" managed={managed}>
          <LanguageList config={config} />
        </SettingRow>
        <Box py="xs">
          <LanguageChoice config={config} />
        </Box>
      </Section>

      <Section title={t('sections.updates')} testId="settings-updates">
        {host.kind === 'browser' ? (
          <Text size="xs" c="dimmed" mb="xs">
            {t('updates.browser')}
          </Text>
        ) : null}
        <SettingRow label={t('updates.enabled')} field="updates.enabled" managed={managed}>
          <Value>{updates.enabled ? t('updates.on') : t('updates.off')}</Value>
        </SettingRow>
        <SettingRow label={t('updates.url')} field="updates.url" managed={managed}>
          {updates.url ? (
            <Value data>{updates.url}</Value>
          ) : (
            <Value>{t('updates.default-url')}</Value>
          )}
        </SettingRow>
      </Section>
    </Stack>
  );
}
