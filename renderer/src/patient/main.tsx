/**
 * Patient page entry (patient.html, served by the signaling service). The visit starts before
 * React mounts: the session knocks at once, so the patient is in the clinician's lobby without
 * clicking anything, and camera, microphone and network are checked while already waiting.
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
import { readJoinLink } from './patient-link';
import { PatientVisit } from './patient-visit';

const root = document.getElementById('root');
if (!root) throw new Error('patient.html lacks <div id="root">');

const link = readJoinLink(window.location);
let visit: PatientVisit | undefined;
if (link.ticket) {
  const media = new LocalMedia(browserMediaDeps(navigator));
  const session = new CallSession({
    wsUrl: link.wsUrl,
    ticket: link.ticket,
    localStream: media.stream,
  });
  const started = new PatientVisit({
    session,
    media,
    measureRtt: () => measureSignalingRtt((input, init) => fetch(input, init)),
  });
  started.start();
  // Closing the tab says goodbye at once instead of leaving a ghost in the lobby.
  window.addEventListener('pagehide', () => started.leave());
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
