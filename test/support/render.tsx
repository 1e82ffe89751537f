/**
 * DOM-test `render()` that wraps components like the app does (medplum's pattern):
 * Mantine, i18n (any language, including the `qps` pseudo-locale), the host, banners and —
 * when `api` is given — a signed-in FHIR session. Tests pass fakes, never mock modules.
 */
import { MantineProvider } from '@mantine/core';
import { render as rtlRender, type RenderOptions, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { i18n as I18n } from 'i18next';
import type { ReactElement, ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { FhirServerConfig } from '../../shared/config/app-config';
import { BannerProvider } from '../../renderer/src/app/banners';
import type { FhirApi } from '../../renderer/src/fhir/FhirApi';
import { FhirProvider, type SessionInfo } from '../../renderer/src/fhir/FhirProvider';
import type { Host } from '../../renderer/src/host/Host';
import { HostProvider } from '../../renderer/src/host/HostProvider';
import { MemoryAuditLog } from '../../renderer/src/host/memory-audit-log';
import { createI18n } from '../../renderer/src/i18n/i18n';

export const testServer: FhirServerConfig = {
  id: 'sandbox',
  name: 'Embedded sandbox',
  fhirBaseUrl: 'http://127.0.0.1:9000/fhir',
  clientId: 'clinician-workstation',
  embedded: true,
};

/** A host whose every call fails loudly unless a test overrides it. */
export function testHost(overrides: Partial<Host> = {}): Host {
  const secrets = new Map<string, string>();
  return {
    kind: 'browser',
    secrets: {
      persistent: false,
      get: (k) => Promise.resolve(secrets.get(k) ?? null),
      set: (k, v) => {
        secrets.set(k, v);
        return Promise.resolve();
      },
      delete: (k) => {
        secrets.delete(k);
        return Promise.resolve();
      },
    },
    getConfig: () => Promise.resolve({ servers: [testServer], defaultServerId: testServer.id }),
    smartRedirect: { kind: 'page-redirect' },
    openExternal: () => Promise.resolve(),
    onEhrLaunch: () => () => undefined,
    notify: () => Promise.resolve(false),
    auditLog: new MemoryAuditLog(),
    onSystemLock: () => () => undefined,
    printView: () => Promise.resolve('printed'),
    ...overrides,
  };
}

export function testSession(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    server: testServer,
    user: { display: 'Dr. Test', key: 'Practitioner/test', fhirUser: 'Practitioner/test' },
    launchKind: 'standalone',
    signOut: () => Promise.resolve(),
    ...overrides,
  };
}

export interface TestRenderOptions extends Omit<RenderOptions, 'wrapper'> {
  lng?: string;
  host?: Host;
  /** When set, children render inside a signed-in FhirProvider. */
  api?: FhirApi;
  session?: SessionInfo;
}

export function render(
  ui: ReactElement,
  options: TestRenderOptions = {},
): RenderResult & { i18n: I18n; user: ReturnType<typeof userEvent.setup> } {
  const { lng = 'en', host = testHost(), api, session = testSession(), ...rest } = options;
  const i18n = createI18n(lng);
  function Wrapper(props: { children: ReactNode }) {
    const inner = api ? (
      <FhirProvider api={api} session={session}>
        {props.children}
      </FhirProvider>
    ) : (
      props.children
    );
    return (
      <MantineProvider>
        <HostProvider host={host}>
          <I18nextProvider i18n={i18n}>
            <BannerProvider>{inner}</BannerProvider>
          </I18nextProvider>
        </HostProvider>
      </MantineProvider>
    );
  }
  return { ...rtlRender(ui, { wrapper: Wrapper, ...rest }), i18n, user: userEvent.setup() };
}

/**
 * Visible text and labelling attributes that lack the pseudo-locale markers ⟦ ⟧, i.e.
 * strings that bypassed i18n. Skips anything inside `[data-i18n-ignore]` (user data:
 * names, URLs, dates, server messages), text without letters ("—", "3"), and hidden nodes.
 */
export function findUntranslated(root: HTMLElement): string[] {
  const offenders: string[] = [];
  const ignored = (el: Element | null) =>
    !el || el.closest('[data-i18n-ignore], script, style, [hidden], [aria-hidden="true"]') !== null;
  const marked = (text: string) =>
    !/\p{L}/u.test(text) || (text.includes('⟦') && text.includes('⟧'));
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').trim();
    if (text && !ignored(node.parentElement) && !marked(text)) offenders.push(text);
  }
  for (const el of root.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
    if (ignored(el)) continue;
    for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
      const value = el.getAttribute(attr);
      if (value && !marked(value)) offenders.push(`${attr}="${value}"`);
    }
  }
  return offenders;
}
