import type { i18n as I18n } from 'i18next';
import { useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import { AuthGate } from '../features/auth/AuthGate';
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

/** The whole renderer, host-agnostic. MantineProvider sits outside (main.tsx / test render). */
export function App(props: AppProps) {
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
    <HostProvider host={props.host}>
      <I18nextProvider i18n={i18n}>
        <BannerProvider>
          <SkipLink targetId={MAIN_CONTENT_ID} />
          <ErrorBoundary>
            <AuthGate
              {...(props.loadSmartLib ? { loadLib: props.loadSmartLib } : {})}
              {...(props.fetch ? { fetch: props.fetch } : {})}
            >
              <Shell />
            </AuthGate>
          </ErrorBoundary>
        </BannerProvider>
      </I18nextProvider>
    </HostProvider>
  );
}
