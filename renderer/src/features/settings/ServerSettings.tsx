/**
 * The read-only part of Settings: FHIR servers and video-consultation infrastructure. These
 * are IT's to set in the configuration files (shared/config/user-settings.ts says why); a
 * clinician adds servers of their own on the sign-in screen.
 */
import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppConfig } from '../../../../shared/config/app-config';
import { isLocked } from '../../../../shared/config/managed-config';
import { Section } from './Section';
import { SettingRow, Value } from './SettingRow';

export function ServerSettings(props: { config: AppConfig }) {
  const { t } = useTranslation('settings');
  const { config } = props;
  const managed = config.managed;
  return (
    <>
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
          {isLocked(managed, 'servers') ? null : (
            <Text size="xs" c="dimmed" mt={4}>
              {t('servers.own-at-sign-in')}
            </Text>
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
    </>
  );
}
