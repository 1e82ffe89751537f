/**
 * "Add a reading": the form, its checks, and sending it exactly once. Problems found on the
 * page or by the server (400/422 with a `field`) are said next to the field and focus goes
 * there; a reading that could not be sent (no network, 429, server down) stays in the form and
 * in this tab's storage with its id, and "Send again" resends it under the same id; success
 * says "Saved" with the reading's time and empties the form for the next one. Status changes
 * are announced (role=status for success, role=alert for problems).
 */
import { Alert, Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import { unitLabel } from '../../../../shared/monitoring/units';
import type { CompanionApi, CompanionError } from './companion-api';
import type { CompanionProfile, StoredReading } from './companion-schemas';
import { ErrorDetail, errorSentence } from './ErrorMessage';
import {
  attemptFor,
  clearPending,
  loadPending,
  savePending,
  type ReadingAttempt,
} from './reading-attempt';
import {
  checkDraft,
  emptyDraft,
  formMetrics,
  MAX_BACKDATE_DAYS,
  toLocalInputValue,
  type DraftField,
  type DraftProblem,
  type FormMetricChoice,
  type ReadingDraft,
} from './reading-draft';
import { ReadingFields } from './ReadingFields';

type PendingStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

type Outcome =
  | { phase: 'idle' }
  | { phase: 'sending' }
  | { phase: 'saved'; stored: StoredReading }
  /** Brought back from storage after a reload: not sent yet. */
  | { phase: 'unsent' }
  /** `retry`: the same reading may be sent again as it is (network, 429, server down). */
  | { phase: 'failed'; error: CompanionError; retry: boolean; message: string; detail: boolean };

const FIELDS: readonly DraftField[] = ['systolic', 'diastolic', 'value', 'at'];

function isField(field: string | undefined): field is DraftField {
  return (FIELDS as readonly (string | undefined)[]).includes(field);
}

export interface ReadingSectionProps {
  api: CompanionApi;
  profile: CompanionProfile;
  storage: PendingStorage;
  onExpired: () => void;
  now: () => Date;
  /** Locale for dates and numbers (see displayLocale). */
  locale: string;
  newId: () => string;
}

export function ReadingSection(props: ReadingSectionProps): React.JSX.Element {
  const { t } = useTranslation('companion');
  const choices = useMemo(() => formMetrics(props.profile.metrics), [props.profile.metrics]);
  return (
    <Box component="section" aria-labelledby="companion-form-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="companion-form-title">
          {t('form.title')}
        </Title>
        {choices[0] ? (
          <ReadingForm {...props} choices={choices} first={choices[0]} />
        ) : (
          <Text>
            {t(props.profile.plan.status === 'unreadable' ? 'form.unreadable' : 'form.none')}
          </Text>
        )}
      </Stack>
    </Box>
  );
}

function ReadingForm(
  props: ReadingSectionProps & { choices: FormMetricChoice[]; first: FormMetricChoice },
): React.JSX.Element {
  const { t } = useTranslation('companion');
  const { api, storage } = props;
  const linkId = props.profile.link.id;
  const [restored] = useState(() => {
    const pending = loadPending(storage, linkId);
    // A reading for a metric the plan no longer offers is not put back into the form.
    const fits = props.choices.some(
      (c) => c.metric === pending?.draft.metric && c.units.includes(pending.draft.unit),
    );
    return fits ? pending : undefined;
  });
  const [draft, setDraft] = useState<ReadingDraft>(restored?.draft ?? emptyDraft(props.first));
  const [errors, setErrors] = useState<Partial<Record<DraftField, React.ReactNode>>>({});
  const [outcome, setOutcome] = useState<Outcome>(
    restored ? { phase: 'unsent' } : { phase: 'idle' },
  );
  const attempt = useRef<ReadingAttempt | undefined>(restored?.attempt);
  const formRef = useRef<HTMLFormElement>(null);
  /** The input of a field, when the form shows it (the inputs are named after their field). */
  const input = (field: DraftField): HTMLElement | undefined => {
    const el = formRef.current?.elements.namedItem(field);
    return el instanceof HTMLElement ? el : undefined;
  };
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const number = (n: number) =>
    new Intl.NumberFormat(props.locale, { maximumFractionDigits: 2 }).format(n);
  const problemText = (p: DraftProblem): string =>
    p.code === 'range'
      ? t('form.problem.range', {
          low: number(p.low),
          high: number(p.high),
          unit: unitLabel(p.unit),
        })
      : t(`form.problem.${p.code}`, { days: MAX_BACKDATE_DAYS });

  const change = (patch: Partial<ReadingDraft>, field?: DraftField) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (field) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const fail = (error: CompanionError, retry: boolean, message: string, detail = false) =>
    setOutcome({ phase: 'failed', error, retry, message, detail });

  const submit = async () => {
    if (outcome.phase === 'sending') return;
    const now = props.now();
    const problems = checkDraft(draft, now);
    const found: Partial<Record<DraftField, React.ReactNode>> = {};
    for (const p of problems) found[p.field] ??= problemText(p);
    setErrors(found);
    if (problems[0]) {
      setOutcome({ phase: 'idle' });
      input(problems[0].field)?.focus();
      return;
    }
    const next = attemptFor(draft, attempt.current, now, props.newId);
    if (!next) return;
    attempt.current = next;
    setOutcome({ phase: 'sending' });
    const result = await api.submitReading(next.body);
    if (!alive.current) return;
    if (result.ok) {
      attempt.current = undefined;
      clearPending(storage);
      setDraft({ ...emptyDraft(props.first), metric: draft.metric, unit: draft.unit });
      setOutcome({ phase: 'saved', stored: result.value });
      return;
    }
    const { error } = result;
    if (error.kind === 'expired') {
      clearPending(storage);
      props.onExpired();
      return;
    }
    // Sending the same reading again is safe for these (same id: stored at most once); an
    // unreadable success answer may well mean it was stored.
    if (error.kind !== 'http' || error.status >= 500) {
      savePending(storage, linkId, { draft, attempt: next });
      fail(error, true, error.kind === 'network' ? t('form.notSent') : errorSentence(t, error));
      return;
    }
    if (error.status === 409) {
      attempt.current = undefined; // The id is taken by another reading: the next try gets a new one.
      fail(error, false, t('form.resubmit'));
      return;
    }
    const { field } = error;
    const target = isField(field) ? input(field) : undefined;
    if (isField(field) && target) {
      setErrors({
        [field]: (
          <>
            {t('form.problem.server')}{' '}
            <span lang="en" data-i18n-ignore="">
              {error.message}
            </span>
          </>
        ),
      });
      fail(error, false, t('form.checkFields'));
      target.focus();
      return;
    }
    fail(error, false, t('form.notSaved'), true);
  };

  return (
    <form
      ref={formRef}
      noValidate
      data-testid="companion-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        <ReadingFields
          choices={props.choices}
          draft={draft}
          onMetric={(metric) => {
            const choice = props.choices.find((c) => c.metric === metric) ?? props.first;
            setDraft({ ...emptyDraft(choice), at: draft.at });
            setErrors({});
          }}
          onChange={change}
          errors={errors}
          maxAt={toLocalInputValue(props.now())}
        />
        <Group>
          <Button
            type="submit"
            loading={outcome.phase === 'sending'}
            data-testid="companion-submit"
          >
            {t('form.submit')}
          </Button>
        </Group>
        <SubmitStatus outcome={outcome} locale={props.locale} onRetry={() => void submit()} />
      </Stack>
    </form>
  );
}

function SubmitStatus(props: {
  outcome: Outcome;
  locale: string;
  onRetry: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('companion');
  const { outcome } = props;
  return (
    <>
      <div role="status">
        {outcome.phase === 'saved' ? (
          <Alert color="green" data-testid="companion-saved">
            {t('form.saved', { time: formatFhirDate(outcome.stored.at, props.locale) })}
          </Alert>
        ) : null}
      </div>
      <div role="alert">
        {outcome.phase === 'unsent' || (outcome.phase === 'failed' && outcome.retry) ? (
          <Alert color="orange" data-testid="companion-error">
            <Text size="sm">{outcome.phase === 'unsent' ? t('form.unsent') : outcome.message}</Text>
            <Button mt="xs" size="xs" variant="light" onClick={props.onRetry}>
              {t('form.resend')}
            </Button>
          </Alert>
        ) : null}
        {outcome.phase === 'failed' && !outcome.retry ? (
          <Alert color="red" data-testid="companion-error">
            <Text size="sm">{outcome.message}</Text>
            {outcome.detail ? <ErrorDetail error={outcome.error} /> : null}
          </Alert>
        ) : null}
      </div>
    </>
  );
}
