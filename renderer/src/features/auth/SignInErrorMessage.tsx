import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SignInError } from '../../fhir/smart-auth';
import type { SmartProblem } from '../../fhir/smart-configuration';

/** One plain-words line per connection-check finding. */
export function ProblemText(props: { problem: SmartProblem }) {
  const { t } = useTranslation('auth');
  const p = props.problem;
  switch (p.code) {
    case 'http-error':
      return <>{t('problem.http-error', { status: p.status })}</>;
    case 'not-json':
      return <>{t('problem.not-json', { contentType: p.contentType })}</>;
    case 'invalid-document':
      return <>{t('problem.invalid-document', { field: p.field })}</>;
    default:
      return <>{t(`problem.${p.code}`)}</>;
  }
}

export function ProblemList(props: { problems: SmartProblem[] }) {
  return (
    <List size="sm" spacing={4}>
      {props.problems.map((problem) => (
        <List.Item key={problem.code} data-severity={problem.severity}>
          <ProblemText problem={problem} />
        </List.Item>
      ))}
    </List>
  );
}

/** Why a sign-in failed, in the user's language; technical detail marked as data. */
export function SignInErrorMessage(props: { error: unknown }) {
  const { t } = useTranslation('auth');
  const error = props.error;
  let body;
  if (error instanceof SignInError) {
    const r = error.reason;
    switch (r.code) {
      case 'server-check':
        body = <ProblemList problems={r.problems} />;
        break;
      case 'denied':
        body = (
          <Text size="sm">
            {t('error.denied')} <span data-i18n-ignore>{r.description ?? r.error}</span>
          </Text>
        );
        break;
      case 'unknown-iss':
        body = (
          <Text size="sm">
            {t('error.unknown-iss')} <span data-i18n-ignore>{r.iss}</span>
          </Text>
        );
        break;
      case 'state-mismatch':
        body = <Text size="sm">{t('error.state-mismatch')}</Text>;
        break;
      case 'failed':
        body = (
          <Text size="sm">
            {t('error.failed')} <span data-i18n-ignore>{r.detail}</span>
          </Text>
        );
        break;
    }
  } else {
    body = (
      <Text size="sm">
        {t('error.failed')}{' '}
        <span data-i18n-ignore>{error instanceof Error ? error.message : String(error)}</span>
      </Text>
    );
  }
  return (
    <Alert color="red" title={t('error.title')} role="alert" data-testid="sign-in-error">
      {body}
    </Alert>
  );
}
