/**
 * The UI language: the clinic may fix which languages are offered (`languages`); which of
 * them the clinician uses stays their choice, kept by i18n like the header's picker.
 */
import { NativeSelect, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppConfig } from '../../../../shared/config/app-config';
import { changeLanguage, LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from '../../i18n/i18n';
import type { SupportedLanguage } from '../../i18n/i18n';

/** The languages offered: the clinic's list when set, otherwise every shipped one. */
export function offeredLanguages(config: Pick<AppConfig, 'languages'>): SupportedLanguage[] {
  const shipped: readonly string[] = SUPPORTED_LANGUAGES;
  const wanted = config.languages ?? SUPPORTED_LANGUAGES;
  return wanted.filter((lng): lng is SupportedLanguage => shipped.includes(lng));
}

export function LanguageList(props: { config: Pick<AppConfig, 'languages'> }) {
  const { t } = useTranslation('settings');
  const offered = offeredLanguages(props.config);
  return (
    <Stack gap={2}>
      <Text size="sm" data-i18n-ignore>
        {offered.map((lng) => LANGUAGE_NAMES[lng]).join(', ')}
      </Text>
      {props.config.languages ? null : (
        <Text size="xs" c="dimmed">
          {t('languages.all')}
        </Text>
      )}
    </Stack>
  );
}

export function LanguageChoice(props: { config: Pick<AppConfig, 'languages'> }) {
  const { t, i18n } = useTranslation('settings');
  const offered = offeredLanguages(props.config);
  const current = i18n.language;
  // A language outside the list (the pseudo-locale of the translation test) stays shown.
  const listed = (offered as readonly string[]).includes(current);
  return (
    <NativeSelect
      label={t('languages.yours')}
      size="xs"
      w={200}
      value={current}
      onChange={(e) => void changeLanguage(i18n, e.currentTarget.value)}
      data-testid="settings-language-select"
    >
      {offered.map((lng) => (
        <option key={lng} value={lng} lang={lng} data-i18n-ignore>
          {LANGUAGE_NAMES[lng]}
        </option>
      ))}
      {listed ? null : (
        <option value={current} data-i18n-ignore>
          {current}
        </option>
      )}
    </NativeSelect>
  );
}
