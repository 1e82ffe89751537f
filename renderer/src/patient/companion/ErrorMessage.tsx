/**
 * One sentence for each way a call can fail, in the patient's language; the server's own
 * message (English, written for people) follows as a detail when it says more than the
 * sentence, marked as not translated.
 */
import { Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CompanionError } from './companion-api';

export function errorSentence(t: TFunction<'companion'>, error: CompanionError): string {
  switch (error.kind) {
    case 'network':
      return t('error.network');
    case 'rate-limited':
      return t('error.rateLimited', { count: Math.max(1, Math.ceil(error.retryAfterMs / 1000)) });
    case 'expired':
      return t('link.expiredTitle');
    case 'http':
      return error.status >= 500 ? t('error.server') : t('error.other');
    case 'invalid-response':
      return t('error.other');
  }
}

/** The server's explanation, for errors where it is more than "unavailable". */
export function ErrorDetail(props: { error: CompanionError }): React.JSX.Element | null {
  const { t } = useTranslation('companion');
  const { error } = props;
  const informative =
    (error.kind === 'http' && error.status < 500) || error.kind === 'invalid-response';
  if (!informative) return null;
  return (
    <Text size="xs" mt={4}>
      {t('error.detail')}{' '}
      <span lang="en" data-i18n-ignore="">
        {error.message}
      </span>
    </Text>
  );
}
