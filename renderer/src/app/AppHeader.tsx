import { Anchor, Button, Group, NativeSelect, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Practitioner } from 'fhir/r4';
import { formatHumanName } from '../../../shared/fhir/human-name';
import { useFhir, useSession } from '../fhir/FhirProvider';
import { offeredLanguages } from '../features/settings/LanguageSetting';
import { UpdateNotice } from '../features/settings/UpdateNotice';
import { useOptionalLock } from '../features/lock/LockContext';
import { useHost } from '../host/HostProvider';
import {
  changeLanguage,
  LANGUAGE_NAMES,
  SUPPORTED_LANGUAGES,
  type SupportedLanguage,
} from '../i18n/i18n';
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

/**
 * The languages the picker offers: the clinic's list (config `languages`), always including
 * the one in use, so the picker never shows a value it cannot select.
 */
function useOfferedLanguages(current: string): SupportedLanguage[] {
  const host = useHost();
  const [offered, setOffered] = useState<SupportedLanguage[]>([...SUPPORTED_LANGUAGES]);
  useEffect(() => {
    let live = true;
    host.getConfig().then(
      (config) => {
        if (live) setOffered(offeredLanguages(config));
      },
      () => undefined, // the sign-in gate reports configuration problems
    );
    return () => {
      live = false;
    };
  }, [host]);
  const inUse = SUPPORTED_LANGUAGES.find((lng) => lng === current);
  return inUse && !offered.includes(inUse) ? [...offered, inUse] : offered;
}

export function AppHeader() {
  const { t, i18n } = useTranslation('common');
  const { t: tSettings } = useTranslation('settings');
  const { t: tAudit } = useTranslation('audit');
  const session = useSession();
  const userName = useUserName();
  const lock = useOptionalLock();
  const offered = useOfferedLanguages(i18n.language);
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
        <UpdateNotice />
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
          {offered.map((lng) => (
            <option key={lng} value={lng} lang={lng} data-i18n-ignore>
              {LANGUAGE_NAMES[lng]}
            </option>
          ))}
          {i18n.language === PSEUDO_LOCALE ? (
            <option value={PSEUDO_LOCALE}>{t('language.qps')}</option>
          ) : null}
        </NativeSelect>
        {lock ? (
          <Button
            size="xs"
            variant="default"
            onClick={() => lock.lock('manual')}
            data-testid="lock-now"
          >
            {t('header.lock')}
          </Button>
        ) : null}
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
