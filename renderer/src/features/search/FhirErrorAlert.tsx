import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FhirRequestError } from '../../fhir/FhirApi';

/**
 * A failed FHIR request in readable form: what went wrong (translated, by kind), which
 * server, the server's own OperationOutcome lines, and Retry.
 */
export function FhirErrorAlert(props: {
  error: unknown;
  serverName: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation('search');
  const error = props.error;
  const kind = error instanceof FhirRequestError ? error.kind : 'unknown';
  const outcome = error instanceof FhirRequestError ? (error.details.outcome ?? []) : [];
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      color="red"
      title={t(`error.${kind}`)}
      role="alert"
      data-testid="fhir-error"
      data-kind={kind}
    >
      <Stack gap="xs">
        <Text size="sm">
          {t('error.server')} <span data-i18n-ignore>{props.serverName}</span>
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
        <Text size="xs" c="dimmed" data-i18n-ignore>
          {message}
        </Text>
        {props.onRetry && (
          <Button size="xs" w="fit-content" onClick={props.onRetry} data-testid="retry">
            {t('error.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
