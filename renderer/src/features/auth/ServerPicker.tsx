import { Badge, Button, Container, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FhirServerConfig } from '../../../../shared/config/app-config';
import { AddServerForm } from './AddServerForm';
import { removeCustomServer } from './custom-servers';
import { SignInErrorMessage } from './SignInErrorMessage';

export interface ServerPickerProps {
  servers: readonly FhirServerConfig[];
  /** Ids of servers the user added (can be removed). */
  customIds: ReadonlySet<string>;
  /**
   * The clinic's configuration fixes the server list (server-list.ts): no "Add a server", no
   * "Remove", and one line saying why.
   */
  serversLocked?: boolean;
  defaultServerId?: string | undefined;
  error?: unknown;
  /** The server the failed sign-in went to: named in the error, and "Try again" retries it. */
  errorServer?: FhirServerConfig | undefined;
  busy?: boolean;
  onSignIn: (server: FhirServerConfig) => void;
  onServersChanged: () => void;
  fetch?: typeof fetch;
}

/** First screen: choose where to sign in (default: the embedded sandbox). */
export function ServerPicker(props: ServerPickerProps) {
  const { t } = useTranslation('auth');
  const first = props.servers.find((s) => s.id === props.defaultServerId) ?? props.servers[0];
  const [selected, setSelected] = useState<string | undefined>(first?.id);
  const locked = props.serversLocked === true;
  const [adding, setAdding] = useState(false);
  const server = props.servers.find((s) => s.id === selected) ?? first;
  const retryServer = (failed: FhirServerConfig) => () => props.onSignIn(failed);

  return (
    <Container size="sm" py="xl" data-testid="server-picker">
      <Stack gap="lg">
        <Title order={1}>{t('picker.title')}</Title>
        {props.error !== undefined && (
          <SignInErrorMessage
            error={props.error}
            server={
              props.errorServer && {
                name: props.errorServer.name,
                url: props.errorServer.fhirBaseUrl,
              }
            }
            onRetry={props.errorServer && retryServer(props.errorServer)}
          />
        )}
        <Paper withBorder p="md">
          <Radio.Group
            label={t('picker.label')}
            value={server?.id ?? null}
            onChange={setSelected}
            name="server"
          >
            <Stack gap="xs" mt="xs">
              {props.servers.map((s) => (
                <Group key={s.id} justify="space-between" wrap="nowrap">
                  <Radio
                    value={s.id}
                    label={
                      <span>
                        <span data-i18n-ignore>{s.name}</span>{' '}
                        <Text span size="xs" c="dimmed" data-i18n-ignore>
                          {s.fhirBaseUrl}
                        </Text>
                      </span>
                    }
                  />
                  {s.embedded && <Badge variant="light">{t('picker.embedded')}</Badge>}
                  {!locked && props.customIds.has(s.id) && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => {
                        removeCustomServer(s.id);
                        props.onServersChanged();
                      }}
                      aria-label={t('picker.remove-named', { name: s.name })}
                    >
                      {t('picker.remove')}
                    </Button>
                  )}
                </Group>
              ))}
            </Stack>
          </Radio.Group>
          {props.servers.length === 0 && (
            <Text>{t(locked ? 'picker.none-locked' : 'picker.none')}</Text>
          )}
          {locked && (
            <Text size="sm" c="dimmed" mt="xs" data-testid="servers-locked">
              {t('picker.locked')}
            </Text>
          )}
          <Group mt="md">
            <Button
              onClick={() => server && props.onSignIn(server)}
              disabled={!server}
              loading={props.busy === true}
              data-testid="sign-in"
            >
              {t('picker.sign-in')}
            </Button>
            {!locked && !adding && (
              <Button variant="default" onClick={() => setAdding(true)} data-testid="add-server">
                {t('picker.add')}
              </Button>
            )}
          </Group>
        </Paper>
        {!locked && adding && (
          <Paper withBorder p="md">
            <AddServerForm
              existing={props.servers}
              onAdded={(added) => {
                setAdding(false);
                setSelected(added.id);
                props.onServersChanged();
              }}
              onCancel={() => setAdding(false)}
              {...(props.fetch ? { fetch: props.fetch } : {})}
            />
          </Paper>
        )}
      </Stack>
    </Container>
  );
}
