import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FhirRequestError } from '../../fhir/FhirApi';
import { fhirErrorText } from './fhir-error-text';

/**
 * A failed FHIR request in readable form: what went wrong (translated, by kind, with the
 * server, status, content type or resource types filled in), the server's own
 * OperationOutcome lines, the request URL as technical detail, and Retry.
 */
export function FhirErrorAlert(props: {
  error: unknown;
  serverName: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation('search');
  const error = props.error;
  const fhirError = error instanceof FhirRequestError ? error : undefined;
  const kind = fhirError?.kind ?? 'unknown';
  const outcome = fhirError?.details.outcome ?? [];
  const text = fhirErrorText(t, error, props.serverName, fhirError?.details.serverUrl);
  return (
    <Alert
      color="red"
      title={t(`error.${kind}`)}
      role="alert"
      data-testid="fhir-error"
      data-kind={kind}
    >
      <Stack gap="xs">
        <Text size="sm" data-testid="fhir-error-text">
          {text}
          {!fhirError && (
            <>
              {' '}
              <span data-i18n-ignore>{error instanceof Error ? error.message : String(error)}</span>
            </>
          )}
        </Text>
        {outcome.length > 0 && (
          <List size="sm" data-testid="fhir-error-outcome">
            {outcome.map((line, i) => (
              <List.Item key={i} data-i18n-ignore>
                {line}
              </List.Item>
            ))}
          </List>
        )}
        {fhirError?.details.url && (
          <Text size="xs" c="dimmed">
            {t('error.detail.request')}{' '}
            <Text span ff="monospace" data-i18n-ignore>
              {fhirError.details.url}
            </Text>
          </Text>
        )}
        {props.onRetry && (
          <Button size="xs" w="fit-content" onClick={props.onRetry} data-testid="retry">
            {t('error.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
