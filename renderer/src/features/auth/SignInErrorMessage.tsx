import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SignInError } from '../../fhir/smart-auth';
import type { SmartProblem } from '../../fhir/smart-configuration';

/** The server a message is about: its name (when known) and base URL. */
export interface ServerRef {
  name?: string | undefined;
  url: string;
}

/** "Name (URL)", only the URL while the server has no name yet, or "The server". */
export function useServerLabel(server: ServerRef | undefined): string {
  const { t } = useTranslation('auth');
  const name = server?.name?.trim();
  const url = server?.url.trim();
  if (!url) return name || t('server-generic');
  return name ? t('server-label', { name, url }) : url;
}

/** One plain-words line per connection-check finding, naming the server. */
export function ProblemText(props: { problem: SmartProblem; server?: ServerRef | undefined }) {
  const { t } = useTranslation('auth');
  const server = useServerLabel(props.server);
  const p = props.problem;
  switch (p.code) {
    case 'http-error':
      return <>{t('problem.http-error', { server, status: p.status })}</>;
    case 'not-json':
      return <>{t('problem.not-json', { server, contentType: p.contentType })}</>;
    case 'invalid-document':
      return <>{t('problem.invalid-document', { server, field: p.field })}</>;
    case 'timeout':
      return <>{t('problem.timeout', { server, seconds: p.seconds })}</>;
    default:
      return <>{t(`problem.${p.code}`, { server })}</>;
  }
}

export function ProblemList(props: { problems: SmartProblem[]; server?: ServerRef | undefined }) {
  return (
    <List size="sm" spacing={4}>
      {props.problems.map((problem) => (
        <List.Item key={problem.code} data-severity={problem.severity}>
          <ProblemText problem={problem} server={props.server} />
        </List.Item>
      ))}
    </List>
  );
}

function ErrorBody(props: { error: unknown; server: ServerRef | undefined }) {
  const { t } = useTranslation('auth');
  const error = props.error;
  if (!(error instanceof SignInError)) {
    return (
      <Text size="sm">
        {t('error.failed')}{' '}
        <span data-i18n-ignore>{error instanceof Error ? error.message : String(error)}</span>
      </Text>
    );
  }
  const r = error.reason;
  switch (r.code) {
    case 'server-check':
      return <ProblemList problems={r.problems} server={props.server} />;
    case 'denied':
      return (
        <Text size="sm">
          {t('error.denied')} <span data-i18n-ignore>{r.description ?? r.error}</span>
        </Text>
      );
    case 'unknown-iss':
      return (
        <Text size="sm">
          {t('error.unknown-iss')} <span data-i18n-ignore>{r.iss}</span>
        </Text>
      );
    case 'state-mismatch':
      return <Text size="sm">{t('error.state-mismatch')}</Text>;
    case 'lib-load':
      return (
        <Text size="sm">
          {t('error.lib-load')}{' '}
          <Text span size="xs" c="dimmed" data-i18n-ignore>
            {r.detail}
          </Text>
        </Text>
      );
    case 'failed':
      return (
        <Text size="sm">
          {t('error.failed')} <span data-i18n-ignore>{r.detail}</span>
        </Text>
      );
  }
}

function ServerLine(props: { server: ServerRef }) {
  const { t } = useTranslation('auth');
  const server = useServerLabel(props.server);
  return (
    <Text size="sm" data-testid="sign-in-error-server">
      {t('error.server', { server })}
    </Text>
  );
}

export interface SignInErrorMessageProps {
  error: unknown;
  /** The server the sign-in went to; named in the message. */
  server?: ServerRef | undefined;
  /** Offers "Try again" (sign in to the same server). */
  onRetry?: (() => void) | undefined;
}

/** Why a sign-in failed, in the user's language, naming the server; technical detail marked as data. */
export function SignInErrorMessage(props: SignInErrorMessageProps) {
  const { t } = useTranslation('auth');
  return (
    <Alert color="red" title={t('error.title')} role="alert" data-testid="sign-in-error">
      <Stack gap="xs">
        {props.server && <ServerLine server={props.server} />}
        <ErrorBody error={props.error} server={props.server} />
        {props.onRetry && (
          <Button
            size="xs"
            w="fit-content"
            variant="light"
            onClick={props.onRetry}
            data-testid="sign-in-retry"
          >
            {t('error.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
