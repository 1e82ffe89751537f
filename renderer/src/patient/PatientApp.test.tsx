// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { act, render as rtlRender, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { findUntranslated } from '../../../test/support/render';
import { participant, peerView } from '../features/consult/call/ui/test-fakes';
import { createI18n } from '../i18n/i18n';
import { PatientApp } from './PatientApp';
import type { PatientVisit } from './patient-visit';
import { fakeLevelMeter, settle, visitHarness, type VisitHarness } from './test-fakes';

const self = participant({ id: 'patient-1234', role: 'patient', name: 'Patient', state: 'lobby' });

function renderPatient(visit: PatientVisit | undefined, lng = 'en') {
  const i18n = createI18n(lng);
  const meter = fakeLevelMeter(0.42);
  const result = rtlRender(
    <MantineProvider>
      <PatientApp visit={visit} i18n={i18n} createLevelMeter={() => meter} />
    </MantineProvider>,
  );
  return { ...result, i18n, meter, user: userEvent.setup() };
}

/** A visit started the way main.tsx starts it, with the lobby welcome received. */
async function startedVisit(configure?: (h: VisitHarness) => void): Promise<VisitHarness> {
  const h = visitHarness();
  configure?.(h);
  h.visit.start();
  h.session.set({ phase: 'lobby', signaling: 'open', self, participants: [self] });
  await settle();
  return h;
}

async function completeDetails(user: ReturnType<typeof userEvent.setup>, name = 'Anna Schmidt') {
  await user.type(screen.getByRole('textbox', { name: /Your name/ }), name);
  await user.click(screen.getByRole('checkbox', { name: /I agree to a video consultation/ }));
  await user.click(screen.getByRole('button', { name: 'Continue' }));
}

describe('PatientApp', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('asks for permission while already knocking, then shows preview, level and checks', async () => {
    const h = visitHarness();
    h.browser.holdPrompt = true;
    h.visit.start();
    expect(h.session.called('start')).toHaveLength(1);
    renderPatient(h.visit);
    expect(screen.getByTestId('connection-status')).toHaveTextContent(
      'Connecting to your practice…',
    );
    expect(screen.getByTestId('permission-prompt')).toHaveTextContent(
      'Your browser will ask to use your camera and microphone. Please choose “Allow”.',
    );
    expect(screen.queryByRole('button', { name: 'Continue' })).not.toBeInTheDocument();
    await act(async () => {
      h.session.set({ phase: 'lobby', signaling: 'open', self });
      h.browser.answerPrompt();
      await settle();
    });
    expect(screen.getByTestId('connection-status')).toHaveTextContent(
      'your practice can see that you have opened the link',
    );
    expect(screen.getByTestId('check-camera')).toHaveTextContent('Camera works.');
    expect(screen.getByTestId('check-microphone')).toHaveTextContent('Microphone works.');
    expect(screen.getByTestId('check-network')).toHaveTextContent('Connection: good (80 ms).');
    expect(screen.getByTestId('video-tile')).toHaveAttribute('data-video', 'on');
    await act(() => new Promise((resolve) => setTimeout(resolve, 150)));
    expect(screen.getByRole('meter', { name: 'Microphone level' })).toHaveAttribute(
      'aria-valuenow',
      '42',
    );
    expect(screen.getByRole('combobox', { name: 'Camera' })).toHaveValue('cam-front');
    expect(screen.getByRole('button', { name: 'Continue' })).toBeInTheDocument();
  });

  it('explains a blocked camera and microphone, and joins with audio only', async () => {
    const h = await startedVisit((v) => {
      v.browser.answers = { audio: 'NotAllowedError', video: 'NotAllowedError' };
    });
    const { user } = renderPatient(h.visit);
    const help = screen.getByTestId('permission-help');
    expect(help).toHaveAttribute('role', 'alert');
    expect(within(help).getByText('How to allow your camera and microphone')).toBeInTheDocument();
    expect(help).toHaveTextContent('Chrome or Edge: click the icon to the left of the web address');
    expect(help).toHaveTextContent('Safari on iPhone or iPad');
    expect(screen.getByTestId('check-camera')).toHaveTextContent('Camera: access is blocked.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Join with chat only' })).toBeInTheDocument();
    h.browser.answers.audio = 'allow';
    await user.click(screen.getByRole('button', { name: 'Join with audio only' }));
    expect(await screen.findByTestId('join-details')).toBeInTheDocument();
    expect(screen.getByTestId('join-mode')).toHaveTextContent('You are joining with audio only.');
    expect(h.session.readiness.at(-1)?.readiness).toMatchObject({
      camera: 'denied',
      microphone: 'ok',
    });
  });

  it('lets the patient allow access and try again', async () => {
    const h = await startedVisit((v) => {
      v.browser.answers.video = 'NotAllowedError';
      v.browser.answers.audio = 'NotAllowedError';
    });
    const { user } = renderPatient(h.visit);
    h.browser.answers = { audio: 'allow', video: 'allow' };
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Continue' })).toBeInTheDocument();
    expect(screen.queryByTestId('permission-help')).not.toBeInTheDocument();
  });

  it('joins with chat only, which releases camera and microphone', async () => {
    const h = await startedVisit((v) => {
      v.browser.answers.audio = 'NotFoundError';
      v.browser.answers.video = 'NotFoundError';
    });
    const { user } = renderPatient(h.visit);
    expect(screen.getByTestId('permission-help')).toHaveTextContent(
      'No camera or microphone found',
    );
    await user.click(screen.getByRole('button', { name: 'Join with chat only' }));
    expect(screen.getByTestId('join-mode')).toHaveTextContent('You are joining with chat only.');
  });

  it('requires a name and consent, then waits with a clear status', async () => {
    const h = await startedVisit();
    const { user } = renderPatient(h.visit);
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByRole('heading', { name: 'Your name and consent' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByText('Please enter your name.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Your name/ })).toHaveFocus();
    await user.type(screen.getByRole('textbox', { name: /Your name/ }), 'Anna Schmidt');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByText('Please agree to continue.')).toBeInTheDocument();
    expect(h.session.readiness.at(-1)?.readiness.consent).toBe(false);
    await user.click(screen.getByRole('checkbox', { name: /I agree to a video consultation/ }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(h.session.readiness.at(-1)).toEqual({
      readiness: { camera: 'ok', microphone: 'ok', network: 'good', rttMs: 80, consent: true },
      name: 'Anna Schmidt',
    });
    const waiting = screen.getByTestId('waiting-room');
    expect(waiting).toHaveTextContent('Your clinician has been told you are here. Please wait.');
    expect(screen.getByRole('heading', { name: 'Please wait' })).toHaveFocus();
    act(() => h.session.set({ signaling: 'reconnecting' }));
    expect(screen.getByTestId('connection-status')).toHaveTextContent(
      'Connection lost — reconnecting…',
    );
  });

  it('shows the call once admitted, and says so after leaving', async () => {
    const h = await startedVisit();
    const { user } = renderPatient(h.visit);
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await completeDetails(user);
    const admittedSelf = { ...self, name: 'Anna Schmidt', state: 'admitted' as const };
    act(() => h.session.set({ phase: 'in-call', self: admittedSelf, peers: [peerView()] }));
    const view = screen.getByTestId('call-view');
    expect(within(view).getAllByTestId('video-tile')).toHaveLength(2);
    expect(within(view).getByRole('button', { name: 'Microphone', pressed: true })).toBeEnabled();
    expect(within(view).getByRole('textbox', { name: 'Message' })).toBeEnabled();
    const tracks = h.media.stream.getTracks();
    await user.click(within(view).getByRole('button', { name: 'Leave' }));
    expect(screen.getByTestId('visit-over')).toHaveAttribute('data-outcome', 'left');
    expect(screen.getByText('You have left the consultation')).toBeInTheDocument();
    expect(tracks.every((t) => t.readyState === 'ended')).toBe(true);
  });

  it('holds camera and microphone when admitted before consent', async () => {
    const h = await startedVisit();
    const { user } = renderPatient(h.visit);
    act(() => h.session.set({ phase: 'in-call', self: { ...self, state: 'admitted' } }));
    expect(screen.getByTestId('admitted-early')).toHaveTextContent(
      'Your clinician is ready to see you.',
    );
    expect(screen.queryByTestId('call-view')).not.toBeInTheDocument();
    expect(h.session.getSnapshot()).toMatchObject({ micOn: false, camOn: false });
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await completeDetails(user);
    expect(screen.getByTestId('call-view')).toBeInTheDocument();
    expect(h.session.getSnapshot()).toMatchObject({ micOn: true, camOn: true });
  });

  it.each([
    ['ticket-used', 'This link has already been used. Ask your practice for a new one.'],
    ['expired-ticket', 'This link has expired. Ask your practice for a new one.'],
    ['ticket-revoked', 'Your practice has withdrawn this link.'],
    ['bad-ticket', 'This link is not valid.'],
  ])('explains a failed join (%s)', async (code, text) => {
    const h = await startedVisit();
    renderPatient(h.visit);
    act(() => h.session.set({ phase: 'failed', reason: code }));
    expect(screen.getByTestId('visit-over')).toHaveTextContent('This link cannot be used');
    expect(screen.getByTestId('visit-over')).toHaveTextContent(text);
  });

  it('shows the practice message when denied, and the end of the consultation', async () => {
    const h = await startedVisit();
    renderPatient(h.visit);
    act(() => h.session.set({ phase: 'denied', reason: 'Please call us on 030 1234.' }));
    expect(screen.getByTestId('denied-reason')).toHaveTextContent('Please call us on 030 1234.');
    expect(h.media.stream.getTracks()).toHaveLength(0);
    act(() => h.session.set({ phase: 'ended' }));
    expect(screen.getByText('The consultation has ended')).toBeInTheDocument();
  });

  it('says when the link is incomplete', () => {
    renderPatient(undefined);
    expect(screen.getByTestId('visit-over')).toHaveTextContent('This link is incomplete.');
  });

  it('speaks German, and switches language with the picker', async () => {
    const h = await startedVisit((v) => {
      v.browser.answers.video = 'NotAllowedError';
      v.browser.answers.audio = 'NotAllowedError';
    });
    const { user, i18n } = renderPatient(h.visit, 'de');
    expect(screen.getByRole('heading', { name: 'Kamera und Mikrofon prüfen' })).toBeInTheDocument();
    expect(screen.getByText('So erlauben Sie Kamera und Mikrofon')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Nur mit Ton teilnehmen' })).toBeInTheDocument();
    expect(document.title).toBe('Videosprechstunde');
    act(() => h.session.set({ phase: 'failed', reason: 'ticket-used' }));
    expect(screen.getByTestId('visit-over')).toHaveTextContent(
      'Dieser Link wurde bereits verwendet. Bitten Sie Ihre Praxis um einen neuen.',
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sprache' }), 'en');
    expect(i18n.language).toBe('en');
    expect(screen.getByTestId('visit-over')).toHaveTextContent('This link has already been used.');
  });

  it('routes every string through i18n on every screen (pseudo-locale)', async () => {
    const expectTranslated = () => expect(findUntranslated(document.body)).toEqual([]);
    const h = await startedVisit((v) => {
      v.browser.answers.video = 'NotReadableError';
    });
    const { user } = renderPatient(h.visit, 'qps');
    await act(() => new Promise((resolve) => setTimeout(resolve, 150)));
    expectTranslated();
    h.browser.answers.audio = 'NotAllowedError';
    await act(async () => {
      h.media.drop('audio');
      await h.visit.joinAudioOnly();
    });
    expect(screen.getByTestId('permission-help')).toHaveAttribute('data-problems', 'denied busy');
    expectTranslated();
    await user.click(screen.getByTestId('join-chat-only'));
    await user.click(screen.getByTestId('details-submit'));
    expectTranslated();
    await user.type(screen.getByTestId('patient-name'), 'Anna');
    await user.click(screen.getByTestId('patient-consent'));
    await user.click(screen.getByTestId('details-submit'));
    expect(screen.getByTestId('waiting-room')).toBeInTheDocument();
    expectTranslated();
    act(() =>
      h.session.set({
        phase: 'in-call',
        peers: [peerView()],
        quality: 'poor',
        videoDropped: true,
      }),
    );
    expect(screen.getByTestId('call-view')).toBeInTheDocument();
    expectTranslated();
    for (const [phase, reason] of [
      ['denied', 'Not today'],
      ['removed', undefined],
      ['left', undefined],
      ['ended', undefined],
      ['failed', 'ticket-revoked'],
      ['failed', 'something-else'],
    ] as const) {
      act(() => h.session.set({ phase, reason }));
      expectTranslated();
    }
  });

  it('routes every string through i18n when admitted early and with no ticket (pseudo-locale)', async () => {
    const h = await startedVisit();
    const { unmount } = renderPatient(h.visit, 'qps');
    act(() => h.session.set({ phase: 'in-call', signaling: 'reconnecting' }));
    expect(screen.getByTestId('admitted-early')).toBeInTheDocument();
    expect(findUntranslated(document.body)).toEqual([]);
    unmount();
    renderPatient(undefined, 'qps');
    expect(findUntranslated(document.body)).toEqual([]);
  });
});
