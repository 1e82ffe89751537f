/**
 * The end of the visit, said plainly: denied (with the practice's message), removed, ended,
 * left, or a link that cannot be used (bad, expired, used, withdrawn or cut off), with what
 * to do next.
 */
import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CallPhase } from '../features/consult/call/call-session';
import { StepHeading } from './StepHeading';

export type VisitOutcome = Extract<CallPhase, 'denied' | 'removed' | 'ended' | 'left' | 'failed'>;

const LINK_PROBLEMS = new Set([
  'bad-ticket',
  'expired-ticket',
  'ticket-used',
  'ticket-revoked',
  'missing-ticket',
]);

export function VisitOver(props: {
  outcome: VisitOutcome;
  /** Ticket error code (failed) or the practice's message (denied). */
  reason?: string | undefined;
  focus?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('patient');
  const { outcome, reason } = props;
  let body: React.ReactNode;
  switch (outcome) {
    case 'failed':
      body = <Text>{t(`over.${reason && LINK_PROBLEMS.has(reason) ? reason : 'unknown'}`)}</Text>;
      break;
    case 'denied':
      body = (
        <>
          <Text>{t('over.deniedBody')}</Text>
          {reason ? (
            <Alert color="gray" title={t('over.deniedReason')} data-testid="denied-reason">
              <Text data-i18n-ignore="">{reason}</Text>
            </Alert>
          ) : null}
        </>
      );
      break;
    default:
      body = <Text>{t(`over.${outcome}Body`)}</Text>;
  }
  return (
    <Stack
      gap="sm"
      data-testid="visit-over"
      data-outcome={outcome}
      data-reason={outcome === 'failed' ? reason : undefined}
    >
      <StepHeading title={t(`over.${outcome}Title`)} focus={props.focus ?? true} />
      {body}
    </Stack>
  );
}
