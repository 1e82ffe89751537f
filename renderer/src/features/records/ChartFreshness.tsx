/**
 * Under the patient banner (issue 3, "Staleness" and "Pin for offline"): "As of <time> · from
 * <server>", whether a sync is running or failed, and keeping the patient available offline.
 */
import { Button, Group, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FhirRequestError } from '../../fhir/FhirApi';
import { useSession } from '../../fhir/FhirProvider';
import { formatAsOf } from '../../offline/format-as-of';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { useReportAsOf } from '../../offline/offline-status';
import { useLocale } from './format';

function reasonOf(e: unknown): string {
  if (e instanceof FhirRequestError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export function AsOfLine(props: {
  asOf: number;
  syncing: boolean;
  syncError?: unknown;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const locale = useLocale();
  const session = useSession();
  useReportAsOf(props.asOf);
  return (
    <Text size="sm" c="dimmed" data-testid="chart-as-of">
      {t('freshness.asOf', { time: formatAsOf(props.asOf, locale) })}
      {' · '}
      {t('freshness.from')}{' '}
      <Text span inherit data-i18n-ignore="">
        {session.server.name}
      </Text>
      {props.syncing ? <> {t('freshness.updating')}</> : null}
      {props.syncError !== undefined && !props.syncing ? (
        <>
          {' '}
          {t('freshness.failed')}{' '}
          <Text span inherit data-i18n-ignore="">
            {reasonOf(props.syncError)}
          </Text>
          )
        </>
      ) : null}
    </Text>
  );
}

export function PinControl(props: { patientId: string }): React.JSX.Element | null {
  const { t } = useTranslation('records');
  const locale = useLocale();
  const offline = useOptionalOffline();
  const [pinnedUntil, setPinnedUntil] = useState<number | undefined>(undefined);
  const reload = useCallback(async () => {
    if (!offline) return;
    const entry = await offline.scope.store.patients.get(props.patientId);
    const until = entry?.pinnedUntil;
    setPinnedUntil(until !== undefined && until > Date.now() ? until : undefined);
  }, [offline, props.patientId]);
  useEffect(() => {
    // Reads the pin from the store; state is set after the read resolves, not synchronously.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void reload();
  }, [reload]);
  if (!offline) return null;
  const { patients } = offline.scope.store;
  if (pinnedUntil === undefined) {
    return (
      <Button
        size="xs"
        variant="light"
        data-testid="pin-offline"
        onClick={() => void patients.pin(props.patientId, offline.pinDays).then(reload)}
      >
        {t('freshness.pin')}
      </Button>
    );
  }
  const until = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(pinnedUntil);
  return (
    <Group gap="xs">
      <Text size="sm" data-testid="pinned-until">
        {t('freshness.pinnedUntil', { date: until })}
      </Text>
      <Button
        size="xs"
        variant="subtle"
        data-testid="unpin-offline"
        onClick={() => void patients.unpin(props.patientId).then(reload)}
      >
        {t('freshness.unpin')}
      </Button>
    </Group>
  );
}
