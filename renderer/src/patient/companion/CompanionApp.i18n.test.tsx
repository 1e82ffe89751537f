// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { findUntranslated } from '../../../../test/support/render';
import { FakeCompanionServer, message, profile } from './test-fakes';
import { pinTimeZone, renderCompanion } from './test-render';

pinTimeZone();

function withPreferred(preferredLanguage: string | null): FakeCompanionServer {
  const server = new FakeCompanionServer();
  server.profile = profile({
    patient: { name: 'Anna Schmidt', preferredLanguage, languages: [] },
  });
  return server;
}

describe('CompanionApp: languages', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('speaks the preferred language of the record (German)', async () => {
    const { user } = renderCompanion({ server: withPreferred('de'), languageChosen: false });
    expect(
      await screen.findByRole('heading', { name: 'Nachrichten von Ihrem Behandlungsteam' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Messwert eintragen' })).toBeInTheDocument();
    expect(document.title).toBe('Telemonitoring');
    expect(document.documentElement.lang).toBe('de');
    expect(
      (await screen.findByTestId('companion-message')).querySelector('time'),
    ).toHaveTextContent('03.10.2026, 18:30');

    await user.click(screen.getByRole('button', { name: 'Messwert speichern' }));
    expect(screen.getByTestId('companion-systolic')).toHaveAccessibleDescription(
      'Bitte geben Sie eine Zahl ein.',
    );
    expect(screen.getByTestId('companion-systolic')).toHaveAccessibleName(
      'Oberer Wert (systolisch), mmHg',
    );
    await user.selectOptions(screen.getByTestId('companion-metric'), 'weight');
    await user.type(screen.getByTestId('companion-value'), '1500');
    await user.selectOptions(screen.getByTestId('companion-unit'), '[lb_av]');
    await user.click(screen.getByTestId('companion-submit'));
    expect(screen.getByTestId('companion-value')).toHaveAccessibleDescription(
      'Das kann nicht stimmen: Bitte geben Sie einen Wert zwischen 0,44 und 1.433 lb ein.',
    );
    await user.clear(screen.getByTestId('companion-value'));
    await user.type(screen.getByTestId('companion-value'), '181,5');
    await user.click(screen.getByTestId('companion-submit'));
    expect(await screen.findByTestId('companion-saved')).toHaveTextContent(
      'Gespeichert: Ihr Messwert vom 02.11.2026, 07:15.',
    );

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sprache' }), 'en');
    expect(
      await screen.findByRole('heading', { name: 'Messages from your care team' }),
    ).toBeInTheDocument();
  });

  it('follows a regional tag of the record for the language and for dates', async () => {
    renderCompanion({ server: withPreferred('de-CH'), languageChosen: false });
    expect(
      await screen.findByRole('heading', { name: 'Nachrichten von Ihrem Behandlungsteam' }),
    ).toBeInTheDocument();
    cleanup();
    // en-GB writes the day first and a 24-hour clock, where en (US) writes "Oct 3, 2026, 6:30 PM".
    renderCompanion({ server: withPreferred('en-GB'), languageChosen: false });
    expect(
      (await screen.findByTestId('companion-message')).querySelector('time'),
    ).toHaveTextContent('3 Oct 2026, 18:30');
  });

  it('keeps a language the patient chose, and the browser’s when the UI lacks the record’s', async () => {
    renderCompanion({ server: withPreferred('de'), languageChosen: true });
    expect(
      await screen.findByRole('heading', { name: 'Messages from your care team' }),
    ).toBeInTheDocument();
    cleanup();
    renderCompanion({ server: withPreferred('pl-PL'), lng: 'de', languageChosen: false });
    expect(
      await screen.findByRole('heading', { name: 'Nachrichten von Ihrem Behandlungsteam' }),
    ).toBeInTheDocument();
  });

  it('speaks French, Italian and Spanish from the record, with the record’s regional numbers', async () => {
    const { user } = renderCompanion({ server: withPreferred('it-CH'), languageChosen: false });
    expect(
      await screen.findByRole('heading', { name: 'Messaggi dal Suo team di cura' }),
    ).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('it');
    await user.selectOptions(screen.getByTestId('companion-metric'), 'weight');
    await user.type(screen.getByTestId('companion-value'), '1500');
    await user.selectOptions(screen.getByTestId('companion-unit'), '[lb_av]');
    await user.click(screen.getByTestId('companion-submit'));
    // it-CH writes a decimal point and no grouping for four digits, where it writes "0,44".
    expect(screen.getByTestId('companion-value')).toHaveAccessibleDescription(
      'Questo valore non è possibile: inserisca un valore tra 0.44 e 1433 lb.',
    );
    const picker = screen.getByRole('combobox', { name: 'Lingua' });
    expect(picker).toHaveValue('it');
    // Each language in its own name and `lang`, whatever the page's language.
    expect([...picker.querySelectorAll('option')].map((o) => `${o.lang}:${o.textContent}`)).toEqual(
      ['en:English', 'de:Deutsch', 'fr:Français', 'it:Italiano', 'es:Español'],
    );
    cleanup();

    renderCompanion({ server: withPreferred('fr'), languageChosen: false });
    expect(
      await screen.findByRole('heading', { name: 'Messages de votre équipe soignante' }),
    ).toBeInTheDocument();
    expect(
      (await screen.findByTestId('companion-message')).querySelector('time'),
    ).toHaveTextContent('3 oct. 2026, 18:30');
    cleanup();

    // Preferred language not in the UI (Polish): the next recorded one that is (Spanish).
    const server = new FakeCompanionServer();
    server.profile = profile({
      patient: { name: 'Ana García', preferredLanguage: 'pl', languages: ['pl', 'es-ES'] },
    });
    renderCompanion({ server, languageChosen: false });
    expect(
      await screen.findByRole('heading', { name: 'Mensajes de su equipo de atención' }),
    ).toBeInTheDocument();
  });

  it('routes every string through i18n on every screen (pseudo-locale)', async () => {
    const expectTranslated = () => expect(findUntranslated(document.body)).toEqual([]);
    const server = new FakeCompanionServer();
    server.messages = [
      message({ id: 'm3', omittedParts: 2 }),
      message({ id: 'm2', sent: null, sender: null }),
    ];
    const { user } = renderCompanion({ server, lng: 'qps', pollMs: 40 });
    expectTranslated(); // loading
    await screen.findByTestId('companion-feedback');
    expectTranslated();

    await user.click(screen.getByTestId('companion-submit'));
    expectTranslated(); // required
    await user.type(screen.getByTestId('companion-systolic'), '80');
    await user.type(screen.getByTestId('companion-diastolic'), '120');
    await user.click(screen.getByTestId('companion-submit'));
    expectTranslated(); // order
    await user.selectOptions(screen.getByTestId('companion-metric'), 'weight');
    await user.type(screen.getByTestId('companion-value'), '1500,5');
    fireEvent.change(screen.getByTestId('companion-at'), { target: { value: '2026-12-01T08:00' } });
    await user.click(screen.getByTestId('companion-submit'));
    expectTranslated(); // range, future
    fireEvent.change(screen.getByTestId('companion-at'), { target: { value: '' } });
    await user.clear(screen.getByTestId('companion-value'));
    await user.type(screen.getByTestId('companion-value'), '82');

    const failures = [
      'network',
      { status: 429, body: { error: 'too many' }, headers: { 'Retry-After': '3' } },
      { status: 502, body: { error: 'the record server is unavailable' } },
      { status: 422, body: { error: 'value out of range', field: 'value' } },
      { status: 400, body: { error: 'unit: weight is entered in kg', field: 'unit' } },
      { status: 409, body: { error: 'id used', field: 'id' } },
      { status: 200, body: { nonsense: true } },
    ] as const;
    for (const failure of failures) {
      server.failNext('readings', failure);
      await user.click(screen.getByTestId('companion-submit'));
      await screen.findByTestId('companion-error');
      expectTranslated();
    }
    await user.click(screen.getByTestId('companion-submit'));
    await screen.findByTestId('companion-saved');
    expectTranslated();

    server.failNext('feedback', 'network');
    await waitFor(() =>
      expect(screen.getByTestId('companion-feedback-status')).not.toBeEmptyDOMElement(),
    );
    expectTranslated(); // stale
    server.messages = [message({ id: 'm4' }), ...server.messages];
    await waitFor(() => expect(screen.getAllByTestId('companion-message')).toHaveLength(3));
    expectTranslated(); // new message

    server.withdrawn = true;
    await waitFor(() =>
      expect(screen.getByTestId('companion-error')).toHaveAttribute('data-kind', 'expired'),
    );
    expectTranslated();
  });

  it('routes every string through i18n on the other screens (pseudo-locale)', async () => {
    const check = () => expect(findUntranslated(document.body)).toEqual([]);
    renderCompanion({ withTicket: false, lng: 'qps' });
    check();
    cleanup();

    const none = new FakeCompanionServer();
    none.profile = profile({
      patient: { name: null, preferredLanguage: null, languages: [] },
      plan: { status: 'none', title: null },
      metrics: [],
    });
    none.messages = [];
    renderCompanion({ server: none, lng: 'qps' });
    await screen.findByText(/^⟦Nó mésságés yét\./);
    check();
    cleanup();

    const unreadable = new FakeCompanionServer();
    unreadable.profile = profile({ plan: { status: 'unreadable', title: null }, metrics: [] });
    unreadable.failNext('feedback', { status: 500, body: { error: 'internal error' } });
    renderCompanion({ server: unreadable, lng: 'qps' });
    await screen.findByRole('button', { name: /⟦Try/ });
    check();
    cleanup();

    for (const failure of [
      'network',
      { status: 404, body: { error: 'gone' } },
      { status: 200, body: { patient: null } },
    ] as const) {
      const server = new FakeCompanionServer();
      server.failNext('me', failure);
      renderCompanion({ server, lng: 'qps' });
      await screen.findByTestId('companion-error');
      check();
      cleanup();
    }
  });
});
