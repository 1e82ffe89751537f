import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, SUPPORTED_LANGUAGES } from '../i18n/i18n';
import { PSEUDO_LOCALE } from '../i18n/pseudo';

/** Language choice; each language is named in itself (common:language.*). */
export function LanguagePicker(): React.JSX.Element {
  const { t, i18n } = useTranslation('patient');
  const languages: string[] = [...SUPPORTED_LANGUAGES];
  if (i18n.language === PSEUDO_LOCALE) languages.push(PSEUDO_LOCALE);
  return (
    <NativeSelect
      aria-label={t('language')}
      size="xs"
      value={i18n.language}
      onChange={(e) => void changeLanguage(i18n, e.currentTarget.value)}
      data={languages.map((lng) => ({ value: lng, label: t(`common:language.${lng}`) }))}
      data-testid="language-select"
    />
  );
}
