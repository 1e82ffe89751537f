import { Alert, Button, Group, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SANDBOX_CLIENT_ID, type FhirServerConfig } from '../../../../shared/config/app-config';
import { checkSmartServer, type SmartCheckResult } from '../../fhir/smart-configuration';
import { addCustomServer } from './custom-servers';
import { ProblemList } from './SignInErrorMessage';

export interface AddServerFormProps {
  existing: readonly FhirServerConfig[];
  onAdded: (server: FhirServerConfig) => void;
  onCancel: () => void;
  fetch?: typeof fetch;
}

function validUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Add a FHIR server after a connection check of its SMART discovery document, so the
 * clinician hears what the server lacks before trying to sign in.
 */
export function AddServerForm(props: AddServerFormProps) {
  const { t } = useTranslation('auth');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [clientId, setClientId] = useState(SANDBOX_CLIENT_ID);
  const [checking, setChecking] = useState(false);
  const [check, setCheck] = useState<{ url: string; result: SmartCheckResult } | null>(null);

  const urlOk = validUrl(url.trim());
  const checkedThisUrl = check?.url === url.trim() ? check.result : null;
  const canAdd = name.trim() !== '' && clientId.trim() !== '' && checkedThisUrl?.usable === true;

  const runCheck = async () => {
    setChecking(true);
    const target = url.trim();
    const result = await checkSmartServer(target, props.fetch);
    setCheck({ url: target, result });
    setChecking(false);
  };

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (!canAdd) return;
    props.onAdded(addCustomServer({ name, fhirBaseUrl: url, clientId }, props.existing));
  };

  return (
    <form onSubmit={submit} aria-labelledby="add-server-title" data-testid="add-server-form">
      <Stack gap="sm">
        <Title order={3} id="add-server-title">
          {t('add.title')}
        </Title>
        <TextInput
          label={t('add.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
        />
        <TextInput
          label={t('add.url')}
          description={t('add.url-hint')}
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={url.trim() !== '' && !urlOk ? t('add.url-invalid') : undefined}
          required
        />
        <TextInput
          label={t('add.client-id')}
          value={clientId}
          onChange={(e) => setClientId(e.currentTarget.value)}
          required
        />
        {checkedThisUrl && (
          <Alert
            color={
              checkedThisUrl.usable
                ? checkedThisUrl.problems.length > 0
                  ? 'yellow'
                  : 'green'
                : 'red'
            }
            title={checkedThisUrl.usable ? t('add.check-ok') : t('add.check-failed')}
            data-testid="connection-check"
            data-usable={checkedThisUrl.usable}
            role="status"
          >
            {checkedThisUrl.problems.length > 0 && (
              <ProblemList
                problems={checkedThisUrl.problems}
                server={{ name: name.trim(), url: check?.url ?? '' }}
              />
            )}
          </Alert>
        )}
        <Group>
          <Button
            variant="default"
            onClick={() => void runCheck()}
            disabled={!urlOk}
            loading={checking}
            data-testid="check-connection"
          >
            {t('add.check')}
          </Button>
          <Button type="submit" disabled={!canAdd} data-testid="save-server">
            {t('add.save')}
          </Button>
          <Button variant="subtle" onClick={props.onCancel}>
            {t('add.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
