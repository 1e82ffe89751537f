import type { i18n as I18n } from 'i18next';
import { useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import { AuthGate } from '../features/auth/AuthGate';
import { LockGate } from '../features/lock/LockGate';
import { ConfigGate } from '../features/settings/ConfigGate';
import { withUserSettings } from '../features/settings/user-settings';
import type { SmartLib } from '../fhir/smart-lib';
import type { Host } from '../host/Host';
import { HostProvider } from '../host/HostProvider';
import { createI18n, detectLanguage } from '../i18n/i18n';
import { BannerProvider } from './banners';
import { ErrorBoundary } from './ErrorBoundary';
import { MAIN_CONTENT_ID, Shell } from './Shell';
import { SkipLink } from './SkipLink';

export interface AppProps {
  host: Host;
  /** Defaults to a fresh instance in the detected language. */
  i18n?: I18n;
  /** fhirclient; tests inject a fake. */
  loadSmartLib?: () => Promise<SmartLib>;
  fetch?: typeof fetch;
}

/**
 * The whole renderer, host-agnostic. MantineProvider sits outside (main.tsx / test render).
 * Every feature sees the host through {@link withUserSettings}, so `getConfig()` includes the
 * clinician's own settings (Settings screen) wherever the clinic has not fixed them; the
 * {@link ConfigGate} shows the configuration-problem screen before anything else.
 */
export function App(props: AppProps) {
  const host = useMemo(() => withUserSettings(props.host, safeLocalStorage()), [props.host]);
  const i18n = useMemo(
    () =>
      props.i18n ??
      createI18n(
        detectLanguage({
          search: window.location.search,
          storage: window.localStorage,
          session: window.sessionStorage,
          languages: navigator.languages,
        }),
      ),
    [props.i18n],
  );
  return (
    <HostProvider host={host}>
      <I18nextProvider i18n={i18n}>
        <BannerProvider>
          <SkipLink targetId={MAIN_CONTENT_ID} />
          <ErrorBoundary>
            <ConfigGate>
              <AuthGate
                {...(props.loadSmartLib ? { loadLib: props.loadSmartLib } : {})}
                {...(props.fetch ? { fetch: props.fetch } : {})}
              >
                <LockGate
                  {...(props.loadSmartLib ? { loadLib: props.loadSmartLib } : {})}
                  {...(props.fetch ? { fetch: props.fetch } : {})}
                >
                  <Shell />
                </LockGate>
              </AuthGate>
            </ConfigGate>
          </ErrorBoundary>
        </BannerProvider>
      </I18nextProvider>
    </HostProvider>
  );
}

/** `localStorage`, or none where the browser denies it (sandboxed frames, some private modes). */
function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
