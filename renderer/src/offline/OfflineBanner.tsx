/**
 * The app-wide offline / degraded banner (issue 3, "Staleness"): raised while the connectivity
 * monitor is not online, removed when it is; never dismissible (it describes the data on screen).
 */
import { Text } from '@mantine/core';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useBanners } from '../app/banners';
import { stalenessInfo, type ConnectivityMonitor } from './connectivity';
import { formatAsOf } from './format-as-of';

export const OFFLINE_BANNER_ID = 'offline';

export function OfflineBanner(props: {
  connectivity: ConnectivityMonitor;
  /** Oldest fetch time of the records on screen (or the latest sync when no chart is open). */
  asOf: number | undefined;
}): null {
  const { t, i18n } = useTranslation('common');
  const { show, dismiss } = useBanners();
  const { connectivity } = props;
  const snapshot = useSyncExternalStore(
    useCallback((onChange: () => void) => connectivity.subscribe(onChange), [connectivity]),
    () => connectivity.current,
  );
  const info = stalenessInfo(snapshot, props.asOf);
  const language = i18n.resolvedLanguage ?? i18n.language;
  const time = info.asOf === undefined ? undefined : formatAsOf(info.asOf, language);
  useEffect(() => {
    if (!info.showBanner) {
      dismiss(OFFLINE_BANNER_ID);
      return;
    }
    const prefix = info.state === 'offline' ? 'offline' : 'degraded';
    show({
      id: OFFLINE_BANNER_ID,
      color: info.state === 'offline' ? 'red' : 'yellow',
      title: time ? t(`offline.${prefix}AsOf`, { time }) : t(`offline.${prefix}NoCache`),
      ...(info.reason
        ? {
            body: (
              <Text size="sm" data-i18n-ignore="">
                {info.reason}
              </Text>
            ),
          }
        : {}),
    });
  }, [info.showBanner, info.state, info.reason, time, t, show, dismiss]);
  useEffect(() => () => dismiss(OFFLINE_BANNER_ID), [dismiss]);
  return null;
}
