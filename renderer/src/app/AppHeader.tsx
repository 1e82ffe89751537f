import { Anchor, Button, Group, NativeSelect, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Practitioner } from 'fhir/r4';
import { formatHumanName } from '../../../shared/fhir/human-name';
import { useFhir, useSession } from '../fhir/FhirProvider';
import { changeLanguage, LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from '../i18n/i18n';
import { PSEUDO_LOCALE } from '../i18n/pseudo';

/** The signed-in user's name: the id_token's, else the fhirUser resource's. */
function useUserName(): string {
  const session = useSession();
  const api = useFhir();
  const [fetched, setFetched] = useState<{ ref: string; name: string } | null>(null);
  const ref = session.user.fhirUser;
  useEffect(() => {
    if (!ref || session.user.display !== ref) return;
    const [type, id] = ref.replace(/^.*\/(\w+\/[^/]+)$/, '$1').split('/');
    if ((type !== 'Practitioner' && type !== 'Patient' && type !== 'RelatedPerson') || !id) return;
    const controller = new AbortController();
    // fhirUser may name a Practitioner, Patient or RelatedPerson; all carry HumanName[].
    api
      .read<Practitioner>(type as 'Practitioner', id, controller.signal)
      .then((p) => {
        const formatted = formatHumanName(p.name);
        if (formatted) setFetched({ ref, name: formatted });
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [api, ref, session.user.display]);
  return fetched && fetched.ref === ref ? fetched.name : session.user.display;
}

export function AppHeader() {
  const { t, i18n } = useTranslation('common');
  const { t: tSettings } = useTranslation('settings');
  const { t: tAudit } = useTranslation('audit');
  const session = useSession();
  const userName = useUserName();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" data-testid="app-header">
      <Group gap="md" wrap="nowrap">
        <Title order={1} size="h4">
          <Anchor href="#/search" underline="never" c="inherit">
            {t('app-name')}
          </Anchor>
        </Title>
        <Anchor href="#/monitoring" size="sm" data-testid="nav-monitoring">
          {t('header.monitoring')}
        </Anchor>
        <Anchor href="#/ips" size="sm" data-testid="nav-ips">
          {t('header.ips')}
        </Anchor>
        <Anchor href="#/settings" size="sm" data-testid="nav-settings">
          {tSettings('title')}
        </Anchor>
        <Anchor href="#/audit" size="sm" data-testid="nav-audit">
          {tAudit('nav')}
        </Anchor>
        <Text size="sm" c="dimmed" visibleFrom="sm">
          {t('header.server')}{' '}
          <span data-testid="current-server" data-i18n-ignore>
            {session.server.name}
          </span>
        </Text>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Text size="sm">
          {t('header.user')}{' '}
          <span data-testid="current-user" data-i18n-ignore>
            {userName}
          </span>
        </Text>
        <NativeSelect
          aria-label={t('header.language')}
          size="xs"
          value={i18n.language}
          onChange={(e) => void changeLanguage(i18n, e.currentTarget.value)}
          data-testid="language-select"
        >
          {/* Each language in its own name (and `lang`, for screen readers), never translated. */}
          {SUPPORTED_LANGUAGES.map((lng) => (
            <option key={lng} value={lng} lang={lng} data-i18n-ignore>
              {LANGUAGE_NAMES[lng]}
            </option>
          ))}
          {i18n.language === PSEUDO_LOCALE ? (
            <option value={PSEUDO_LOCALE}>{t('language.qps')}</option>
          ) : null}
        </NativeSelect>
        <Button
          size="xs"
          variant="default"
          onClick={() => void session.signOut()}
          data-testid="sign-out"
        >
          {t('header.sign-out')}
        </Button>
      </Group>
    </Group>
  );
}
