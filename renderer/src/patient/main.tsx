/**
 * Patient page entry (patient.html, served by the signaling service). Two pages share it: a
 * monitoring link (`#companion=…`, or its ticket kept in this tab after a reload) opens the
 * companion (feedback and home readings); anything else is the video consult.
 *
 * The consult's visit starts before React mounts: the session knocks at once, so the patient is
 * in the clinician's lobby without clicking anything, and camera, microphone and network are
 * checked while already waiting.
 */
import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CallSession } from '../features/consult/call/call-session';
import { createI18n, detectLanguage } from '../i18n/i18n';
import { browserMediaDeps, createAnalyserLevelMeter, measureSignalingRtt } from './browser-media';
import { LocalMedia } from './local-media';
import { PatientApp } from './PatientApp';
import { takeCompanionLink } from './companion/companion-link';
import { startCompanionPage } from './companion/start-companion';
import { readJoinLink } from './patient-link';
import { PatientVisit } from './patient-visit';
import { forgetResume, joinTicket, rememberResume } from './visit-resume';
import type { CallPhase } from '../features/consult/call/call-session';

const VISIT_OVER = new Set<CallPhase>(['ended', 'left', 'removed', 'denied', 'failed']);

const root = document.getElementById('root');
if (!root) throw new Error('patient.html lacks <div id="root">');

const companionLink = takeCompanionLink({
  location: window.location,
  history: window.history,
  storage: window.sessionStorage,
});
if (companionLink) startCompanionPage(root, companionLink);
else startConsultPage(root);

function startConsultPage(root: HTMLElement): void {
  const link = readJoinLink(window.location);
  let visit: PatientVisit | undefined;
  if (link.ticket) {
    const media = new LocalMedia(browserMediaDeps(navigator));
    const linkTicket = link.ticket;
    const storage = window.sessionStorage;
    const session = new CallSession({
      wsUrl: link.wsUrl,
      ticket: joinTicket(storage, linkTicket),
      localStream: media.stream,
      onResumeTicket: (resume) => rememberResume(storage, linkTicket, resume),
    });
    session.subscribe(() => {
      if (VISIT_OVER.has(session.getSnapshot().phase)) forgetResume(storage);
    });
    const started = new PatientVisit({
      session,
      media,
      measureRtt: () => measureSignalingRtt((input, init) => fetch(input, init)),
    });
    started.start();
    // No bye on pagehide: a reload must come back (above). A closed tab drops the socket; the
    // server shows the patient as away (out of the lobby list) and lets them go after its grace.
    visit = started;
  }

  const i18n = createI18n(
    detectLanguage({
      search: window.location.search,
      storage: window.localStorage,
      session: window.sessionStorage,
      languages: navigator.languages,
    }),
  );

  createRoot(root).render(
    <StrictMode>
      <MantineProvider>
        <PatientApp visit={visit} i18n={i18n} createLevelMeter={createAnalyserLevelMeter} />
      </MantineProvider>
    </StrictMode>,
  );
}
