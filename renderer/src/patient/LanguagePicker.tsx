import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from '../i18n/i18n';
import { PSEUDO_LOCALE } from '../i18n/pseudo';

/**
 * Language choice. Each language is named in itself (with `lang`, so a screen reader says
 * "Français" in French): a patient who cannot read the current language still finds theirs.
 */
export function LanguagePicker(): React.JSX.Element {
  const { t, i18n } = useTranslation('patient');
  return (
    <NativeSelect
      aria-label={t('language')}
      size="xs"
      value={i18n.language}
      onChange={(e) => void changeLanguage(i18n, e.currentTarget.value)}
      data-testid="language-select"
    >
      {SUPPORTED_LANGUAGES.map((lng) => (
        <option key={lng} value={lng} lang={lng} data-i18n-ignore>
          {LANGUAGE_NAMES[lng]}
        </option>
      ))}
      {i18n.language === PSEUDO_LOCALE ? (
        <option value={PSEUDO_LOCALE}>{t('common:language.qps')}</option>
      ) : null}
    </NativeSelect>
  );
}
