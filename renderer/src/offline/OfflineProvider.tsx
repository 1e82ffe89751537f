/**
 * Opens the signed-in user's offline layer (issue 3) and provides it to the views: encrypted
 * store, sync engine, outbox flushing and the connectivity monitor. Sits inside FhirProvider.
 * When the cache cannot open (no IndexedDB, or the API cannot write) the children render
 * without it and fall back to network-only loading, with a banner saying so.
 */
import { Center, Loader } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBanners } from '../app/banners';
import { useFhir, useFhirWriter, useSession } from '../fhir/FhirProvider';
import { useHost } from '../host/HostProvider';
import { ConnectivityMonitor, metadataHealthCheck } from './connectivity';
import { OfflineBanner } from './OfflineBanner';
import { OfflineContext, type OfflineServices } from './OfflineContext';
import { keyStorageFor, openOfflineScope, type OfflineScope } from './offline-scope';
import { ReportAsOfContext } from './offline-status';
import { isDiscardable } from './scope-data';
import { SignOutWipeDialog, type WipeChoice } from './SignOutWipeDialog';
import { SyncEngine } from './sync-engine';
import { useOutboxFlushing } from './useOutboxFlushing';

/** Runs before sign-out; resolves false when the user chose to stay signed in. */
export type SignOutHook = () => Promise<boolean>;

export interface OfflineProviderProps {
  children: ReactNode;
  /** Days a pin lasts (config `cache.pinDays`). */
  pinDays?: number;
  /** Config `cache.wipeOnSignOut`. */
  wipeOnSignOut?: boolean;
  /** Config `cache.retentionDays`: unused cached charts are removed when the cache opens. */
  retentionDays?: number;
  /** AuthGate's sign-out calls the registered hook first (null when unmounted). */
  registerSignOutHook?: (hook: SignOutHook | null) => void;
  /** Tests: open the scope on a fake database. */
  open?: typeof openOfflineScope;
  /** Background refresh of recent and pinned patients (default 5 min). */
  refreshEveryMs?: number;
  /** While offline or degraded, how often to ask the server whether it is back (ms). */
  healthCheckEveryMs?: number;
  /** Outbox retry tick while entries are pending (default 10 s). */
  flushEveryMs?: number;
}

type Opening = { k: 'opening' } | { k: 'open'; scope: OfflineScope } | { k: 'unavailable' };

export function OfflineProvider(props: OfflineProviderProps): React.JSX.Element {
  const { t } = useTranslation('common');
  const fhir = useFhir();
  const writer = useFhirWriter();
  const session = useSession();
  const host = useHost();
  const { show } = useBanners();
  const [openState, setOpening] = useState<Opening>({ k: 'opening' });
  const open = props.open ?? openOfflineScope;
  const serverId = session.server.id;
  const userKey = session.user.key;
  const { retentionDays } = props;
  /** No IndexedDB (or no write path): the views fall back to the network. */
  const unsupported = !writer || typeof indexedDB === 'undefined';
  const opening: Opening = useMemo(
    () => (unsupported ? { k: 'unavailable' } : openState),
    [unsupported, openState],
  );

  useEffect(() => {
    let cancelled = false;
    let opened: OfflineScope | undefined;
    // The provider is keyed by server and user (AuthGate), so a new scope means a new mount.
    if (unsupported) return;
    open(
      { serverId, userKey },
      keyStorageFor(host),
      retentionDays !== undefined ? { retentionDays } : {},
    ).then(
      (scope) => {
        if (cancelled) {
          scope.close();
          return;
        }
        opened = scope;
        setOpening({ k: 'open', scope });
      },
      (error: unknown) => {
        if (cancelled) return;
        console.warn('Offline cache unavailable', error);
        setOpening({ k: 'unavailable' });
      },
    );
    return () => {
      cancelled = true;
      opened?.close();
    };
  }, [open, host, unsupported, serverId, userKey, retentionDays]);

  useEffect(() => {
    if (opening.k === 'unavailable') {
      show({
        id: 'cache-unavailable',
        color: 'yellow',
        title: t('offline.cacheUnavailable'),
        dismissible: true,
      });
    } else if (opening.k === 'open' && opening.scope.report.discarded) {
      show({
        id: 'cache-discarded',
        color: 'yellow',
        title: t('offline.cacheDiscarded'),
        body: <span data-i18n-ignore="">{opening.scope.report.reason ?? ''}</span>,
        dismissible: true,
      });
    }
  }, [opening, show, t]);

  if (opening.k === 'opening') {
    return (
      <Center mih="30vh">
        <Loader aria-label={t('offline.opening')} />
      </Center>
    );
  }
  if (opening.k === 'unavailable' || !writer) return <>{props.children}</>;
  return (
    <OpenOffline {...props} scope={opening.scope} writer={writer} fhir={fhir}>
      {props.children}
    </OpenOffline>
  );
}

function OpenOffline(
  props: OfflineProviderProps & {
    scope: OfflineScope;
    writer: NonNullable<ReturnType<typeof useFhirWriter>>;
    fhir: ReturnType<typeof useFhir>;
  },
): React.JSX.Element {
  const { scope, writer, fhir } = props;
  const connectivity = useMemo(() => new ConnectivityMonitor(), []);
  useEffect(() => connectivity.start(), [connectivity]);
  const sync = useMemo(
    () => new SyncEngine({ fhir, store: scope.store, outcomes: connectivity }),
    [fhir, scope, connectivity],
  );
  const flushOutbox = useOutboxFlushing(scope.outbox, writer, connectivity, props.flushEveryMs);

  useEffect(() => {
    const abort = new AbortController();
    const timer = setInterval(() => {
      if (connectivity.current.state === 'offline') return;
      sync.refreshRecentAndPinned({ signal: abort.signal }).catch(() => undefined);
    }, props.refreshEveryMs ?? 300_000);
    return () => {
      clearInterval(timer);
      abort.abort();
    };
  }, [sync, connectivity, props.refreshEveryMs]);

  // A server outage with the browser still online ends without any user action: ask the
  // server's /metadata now and then, so the banner goes and the outbox flushes once it is back.
  useEffect(() => {
    const health = metadataHealthCheck(fhir.serverUrl);
    const timer = setInterval(() => {
      if (connectivity.current.state === 'online') return;
      void connectivity.check(health);
    }, props.healthCheckEveryMs ?? 15_000);
    return () => clearInterval(timer);
  }, [connectivity, fhir.serverUrl, props.healthCheckEveryMs]);

  const services: OfflineServices = useMemo(
    () => ({
      scope,
      sync,
      connectivity,
      writer,
      flushOutbox,
      pinDays: props.pinDays ?? 7,
    }),
    [scope, sync, connectivity, writer, flushOutbox, props.pinDays],
  );

  const [chartAsOf, setChartAsOf] = useState<number | undefined>(undefined);
  const [latestSync, setLatestSync] = useState<number | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void scope.store.patients.list().then((entries) => {
      const times = entries.flatMap((e) => (e.syncedAt === undefined ? [] : [e.syncedAt]));
      if (live && times.length) setLatestSync(Math.max(...times));
    });
    return () => {
      live = false;
    };
  }, [scope, chartAsOf]);

  const [unsent, setUnsent] = useState<number | undefined>(undefined);
  const choose = useRef<((c: WipeChoice) => void) | null>(null);
  const { registerSignOutHook, wipeOnSignOut } = props;
  useEffect(() => {
    if (!registerSignOutHook) return;
    registerSignOutHook(async () => {
      if (!wipeOnSignOut) return true;
      const count = (await scope.outbox.list()).filter(
        (e) => e.state !== 'sent' && isDiscardable(e),
      ).length;
      let choice: WipeChoice = 'keep';
      if (count > 0) {
        choice = await new Promise<WipeChoice>((resolve) => {
          choose.current = resolve;
          setUnsent(count);
        });
        setUnsent(undefined);
      }
      if (choice === 'cancel') return false;
      await scope.wipe({ includeOutbox: choice === 'discard' });
      return true;
    });
    return () => registerSignOutHook(null);
  }, [registerSignOutHook, wipeOnSignOut, scope]);

  return (
    <OfflineContext.Provider value={services}>
      <ReportAsOfContext.Provider value={setChartAsOf}>
        <OfflineBanner connectivity={connectivity} asOf={chartAsOf ?? latestSync} />
        {props.children}
        <SignOutWipeDialog unsent={unsent} onChoose={(c) => choose.current?.(c)} />
      </ReportAsOfContext.Provider>
    </OfflineContext.Provider>
  );
}
