/**
 * The patient's monitoring companion (patient.html#companion=…): their clinicians' feedback
 * and a form for home readings, in one column that fits a 360 px phone, without an account —
 * the link is the key (server/signaling/companion/README.md). A link that is cut off, expired
 * or withdrawn replaces the page with what to do next; any other failure keeps what is shown
 * and says so.
 */
import { Alert, Button, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { i18n as I18n } from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { LanguagePicker } from '../LanguagePicker';
import type { CompanionApi } from './companion-api';
import type { CompanionProfile } from './companion-schemas';
import { displayLocale, recordUiLanguage } from './companion-language';
import { newReadingId } from './reading-attempt';
import { ErrorDetail, errorSentence } from './ErrorMessage';
import { FeedbackSection } from './FeedbackSection';
import { ReadingSection } from './ReadingSection';
import { useProfile } from './use-profile';

export interface CompanionAppProps {
  /** Undefined when the link carries no usable ticket. */
  api: CompanionApi | undefined;
  i18n: I18n;
  /** The patient picked a language: the record's preferred language does not override it. */
  languageChosen: boolean;
  /** This tab's storage (sessionStorage): keeps an unsent reading across a reload. */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  now?: () => Date;
  /** A new reading id (default {@link newReadingId}: `crypto.randomUUID()`). */
  newId?: () => string;
  /** Feedback refresh interval (default 10 s). */
  pollMs?: number;
}

const defaultNow = () => new Date();

export function CompanionApp(props: CompanionAppProps): React.JSX.Element {
  return (
    <I18nextProvider i18n={props.i18n}>
      <CompanionRoot {...props} />
    </I18nextProvider>
  );
}

function CompanionRoot(props: CompanionAppProps): React.JSX.Element {
  const [expired, setExpired] = useState(false);
  const onExpired = useCallback(() => setExpired(true), []);
  if (!props.api) {
    return (
      <CompanionPage>
        <LinkProblem kind="incomplete" />
      </CompanionPage>
    );
  }
  if (expired) {
    return (
      <CompanionPage>
        <LinkProblem kind="expired" />
      </CompanionPage>
    );
  }
  return <Companion {...props} api={props.api} onExpired={onExpired} />;
}

function Companion(
  props: CompanionAppProps & { api: CompanionApi; onExpired: () => void },
): React.JSX.Element {
  const { t, i18n } = useTranslation('companion');
  const { state, retry } = useProfile(props.api, props.onExpired);
  const profile = state.status === 'ok' ? state.profile : undefined;
  const { languageChosen } = props;

  // Once per loaded profile: a later pick in the language picker must stay. (The `i18n` from
  // useTranslation changes with each language change, so the deps alone cannot say "once".)
  const appliedFor = useRef<CompanionProfile | undefined>(undefined);
  useEffect(() => {
    if (languageChosen || !profile || appliedFor.current === profile) return;
    appliedFor.current = profile;
    const lng = recordUiLanguage(recordedLanguages(profile));
    if (lng && lng !== i18n.language) void i18n.changeLanguage(lng);
  }, [i18n, profile, languageChosen]);

  if (state.status === 'loading') {
    return (
      <CompanionPage>
        <Group gap="xs" role="status">
          <Loader size="sm" />
          <Text>{t('loading')}</Text>
        </Group>
      </CompanionPage>
    );
  }
  if (state.status === 'error') {
    const { error } = state;
    if (error.kind === 'http' && error.status === 404) {
      return (
        <CompanionPage>
          <LinkProblem kind="gone" />
        </CompanionPage>
      );
    }
    return (
      <CompanionPage>
        <Alert color="orange" role="alert" data-testid="companion-error" data-kind={error.kind}>
          <Text size="sm">{errorSentence(t, error)}</Text>
          <ErrorDetail error={error} />
          <Button mt="xs" size="xs" variant="light" onClick={retry}>
            {t('retry')}
          </Button>
        </Alert>
      </CompanionPage>
    );
  }
  const { now = defaultNow, newId = newReadingId } = props;
  const locale = displayLocale(i18n.language, recordedLanguages(state.profile));
  return (
    <CompanionPage name={state.profile.patient.name} planTitle={state.profile.plan.title}>
      <Stack gap="xl">
        <FeedbackSection
          api={props.api}
          onExpired={props.onExpired}
          now={now}
          locale={locale}
          pollMs={props.pollMs}
        />
        <ReadingSection
          api={props.api}
          profile={state.profile}
          storage={props.storage}
          onExpired={props.onExpired}
          now={now}
          locale={locale}
          newId={newId}
        />
      </Stack>
    </CompanionPage>
  );
}

function CompanionPage(props: {
  name?: string | null | undefined;
  planTitle?: string | null | undefined;
  children: React.ReactNode;
}): React.JSX.Element {
  const { t } = useTranslation('companion');
  const title = t('title');
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <Container size={720} px="sm" py="md">
      <Stack gap="md">
        <Group component="header" justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Stack gap={0}>
            {props.name ? (
              <>
                <Text size="sm" c="dimmed">
                  {title}
                </Text>
                <Title order={1} size="h3" data-i18n-ignore="" data-testid="companion-patient">
                  {props.name}
                </Title>
              </>
            ) : (
              <Title order={1} size="h3">
                {title}
              </Title>
            )}
            {props.planTitle ? (
              <Text size="sm" c="dimmed">
                {t('plan', { title: props.planTitle })}
              </Text>
            ) : null}
          </Stack>
          <LanguagePicker />
        </Group>
        <main>{props.children}</main>
      </Stack>
    </Container>
  );
}

function LinkProblem(props: { kind: 'incomplete' | 'expired' | 'gone' }): React.JSX.Element {
  const { t } = useTranslation('companion');
  return (
    <Alert
      color={props.kind === 'expired' ? 'orange' : 'red'}
      role="alert"
      title={t(`link.${props.kind}Title`)}
      data-testid="companion-error"
      data-kind={props.kind}
    >
      <Text size="sm">{t(`link.${props.kind}`)}</Text>
    </Alert>
  );
}

/** The record's languages, preferred first (Patient.communication, as the server sent them). */
function recordedLanguages(profile: CompanionProfile): (string | null)[] {
  return [profile.patient.preferredLanguage, ...profile.patient.languages];
}
