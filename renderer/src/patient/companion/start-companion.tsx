/**
 * Starts the companion page (patient.html#companion=…) in `root`: the API client for the
 * link's ticket, the UI language (a choice the patient made, else the browser's; the record's
 * preferred language follows once `/companion/me` answers), and the app.
 */
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createI18n, detectLanguage } from '../../i18n/i18n';
import { createCompanionApi } from './companion-api';
import { languageWasChosen } from './companion-language';
import type { CompanionLink } from './companion-link';
import { CompanionApp } from './CompanionApp';

export function startCompanionPage(root: HTMLElement, link: NonNullable<CompanionLink>): void {
  const env = {
    search: window.location.search,
    storage: window.localStorage,
    session: window.sessionStorage,
  };
  const i18n = createI18n(detectLanguage({ ...env, languages: navigator.languages }));
  const api = link.ticket
    ? createCompanionApi({ ticket: link.ticket, origin: window.location.origin })
    : undefined;
  createRoot(root).render(
    <StrictMode>
      <MantineProvider>
        <CompanionApp
          api={api}
          i18n={i18n}
          languageChosen={languageWasChosen(env)}
          storage={window.sessionStorage}
        />
      </MantineProvider>
    </StrictMode>,
  );
}
