/**
 * The loading, error and empty states every chart section uses, so none of them ever shows a
 * blank area or an endless spinner.
 */
import { Alert, Button, Group, List, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FhirRequestError } from '../../fhir/FhirApi';

export function LoadingState(props: { loaded: number; onCancel: () => void }): React.JSX.Element {
  const { t } = useTranslation('records');
  return (
    <Stack data-testid="chart-loading" aria-busy="true" gap="sm">
      <Group justify="space-between">
        <Text role="status" aria-live="polite">
          {t('state.loading', { count: props.loaded })}
        </Text>
        <Button variant="default" size="xs" onClick={props.onCancel}>
          {t('state.cancel')}
        </Button>
      </Group>
      <Skeleton height={56} radius="sm" />
      <Skeleton height={28} width="60%" radius="sm" />
      <Skeleton height={160} radius="sm" />
    </Stack>
  );
}

export function CancelledState(props: { onRetry: () => void }): React.JSX.Element {
  const { t } = useTranslation('records');
  return (
    <Alert color="gray" title={t('state.cancelledTitle')} data-testid="chart-cancelled">
      <Button mt="sm" onClick={props.onRetry}>
        {t('state.retry')}
      </Button>
    </Alert>
  );
}

/** A failed load: what went wrong, which server, the server's own explanation, and Retry. */
export function ErrorState(props: { error: unknown; onRetry: () => void }): React.JSX.Element {
  const { t } = useTranslation('records');
  const e = props.error;
  const fhirError = e instanceof FhirRequestError ? e : undefined;
  const message = fhirError ? t(`error.${fhirError.kind}`) : t('error.unexpected');
  return (
    <Alert
      color="red"
      role="alert"
      title={t('error.title')}
      data-testid="chart-error"
      data-kind={fhirError?.kind ?? 'unexpected'}
    >
      <Stack gap={4}>
        <Text>{message}</Text>
        {fhirError ? (
          <Text size="sm">
            {t('error.server')}{' '}
            <Text span data-i18n-ignore="">
              {fhirError.details.serverUrl}
            </Text>
            {fhirError.details.status !== undefined ? (
              <>
                {' · '}
                {t('error.status')}{' '}
                <Text span data-i18n-ignore="">
                  {fhirError.details.status}
                </Text>
              </>
            ) : null}
          </Text>
        ) : null}
        {fhirError?.details.outcome && fhirError.details.outcome.length > 0 ? (
          <>
            <Text size="sm" fw={600}>
              {t('error.outcome')}
            </Text>
            <List size="sm" data-testid="operation-outcome">
              {fhirError.details.outcome.map((line, i) => (
                <List.Item key={i} data-i18n-ignore="">
                  {line}
                </List.Item>
              ))}
            </List>
          </>
        ) : null}
        {e instanceof Error && !fhirError ? (
          <Text size="sm" data-i18n-ignore="">
            {e.message}
          </Text>
        ) : null}
        <Group>
          <Button mt="xs" onClick={props.onRetry}>
            {t('state.retry')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** "None recorded": the data loaded and this section has nothing. */
export function NoneRecorded(props: { label?: string }): React.JSX.Element {
  const { t } = useTranslation('records');
  return (
    <Text c="dimmed" fs="italic" data-testid="none-recorded">
      {props.label ?? t('state.noneRecorded')}
    </Text>
  );
}

/** Clinical data from FHIR, marked so the pseudo-locale test skips it. */
export function Data(props: { children: React.ReactNode; fw?: number }): React.JSX.Element {
  return (
    <Text span inherit data-i18n-ignore="" {...(props.fw ? { fw: props.fw } : {})}>
      {props.children}
    </Text>
  );
}

/**
 * A section whose resource types failed to load in the per-type fallback: says so instead of
 * "none recorded", which would be a false negative. Renders nothing when `types` is empty.
 */
export function NotLoaded(props: {
  types: readonly string[];
  message?: string;
}): React.JSX.Element | null {
  const { t } = useTranslation('records');
  if (props.types.length === 0) return null;
  const names = props.types.map((x) => t(`types.${x}`, { defaultValue: x })).join(', ');
  return (
    <Alert
      color="orange"
      title={t('state.notLoadedTitle')}
      data-testid="section-not-loaded"
      data-types={props.types.join(' ')}
    >
      {props.message ?? t('state.notLoaded', { types: names })}
    </Alert>
  );
}

/**
 * Entered-in-error records are left out of every clinical list (never struck through: a
 * clinician scanning a list must not have to tell valid rows from void ones). This dimmed line
 * says how many were left out, so nothing disappears silently.
 */
export function EnteredInErrorNote(props: { count: number }): React.JSX.Element | null {
  const { t } = useTranslation('records');
  if (props.count === 0) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="entered-in-error-hidden">
      {t('state.enteredInErrorHidden', { count: props.count })}
    </Text>
  );
}

/**
 * A code translated through `<group>.<code>`, or, for a code the app has no wording for, the
 * raw code as sent (marked as data, not a missing translation).
 */
export function Coded(props: { group: string; code: string | undefined }): React.JSX.Element {
  const { t, i18n } = useTranslation('records');
  const c = props.code;
  if (!c) return <></>;
  const key = `${props.group}.${c}`;
  if (!c.includes('.') && i18n.exists(key, { ns: 'records' })) return <>{t(key)}</>;
  return <Data>{c}</Data>;
}
