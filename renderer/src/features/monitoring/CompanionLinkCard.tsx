/**
 * The patient's monitoring link: created on request (the signaling service signs it; the
 * clinician's SMART token proves who asks), shown to copy or to scan. With it the patient
 * reads the care team's feedback and submits home readings on the patient page.
 */
import { Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFhir } from '../../fhir/FhirProvider';
import { useHost } from '../../host/HostProvider';
import { createCompanionLink, type CompanionLink } from '../consult/signaling-api';
import { useLocale } from '../records/format';
import { formatAsOf } from '../../offline/format-as-of';

export function CompanionLinkCard(props: { patientId: string }): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const host = useHost();
  const fhir = useFhir();
  const locale = useLocale();
  const [link, setLink] = useState<CompanionLink | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function create(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      const signalingUrl = (await host.getConfig()).consult?.signalingUrl;
      if (!signalingUrl) throw new Error(t('link.notConfigured'));
      const token = fhir.accessToken?.();
      if (!token) throw new Error(t('link.noToken'));
      setLink(await createCompanionLink(signalingUrl, token, props.patientId));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="xs" data-testid="companion-link-card">
      {link ? (
        <>
          <TextInput
            readOnly
            label={t('link.label')}
            value={link.url}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="companion-link"
          />
          <Group gap="xs">
            <CopyButton value={link.url}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? t('link.copied') : t('link.copy')}
                </Button>
              )}
            </CopyButton>
            <Text size="xs" c="dimmed">
              {t('link.expires', { time: formatAsOf(link.expiresAt, locale) })}
            </Text>
          </Group>
        </>
      ) : (
        <Group>
          <Button
            size="xs"
            variant="light"
            loading={busy}
            onClick={() => void create()}
            data-testid="companion-link-create"
          >
            {t('link.create')}
          </Button>
        </Group>
      )}
      {error ? (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
