// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeCompanionServer, message, profile } from './test-fakes';
import { pinTimeZone, renderCompanion } from './test-render';

pinTimeZone();

describe('CompanionApp: the page and the care team’s messages', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('greets the patient by name, with the plan and a language picker', async () => {
    renderCompanion();
    expect(await screen.findByTestId('companion-patient')).toHaveTextContent('Maria Grazia Rossi');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Maria Grazia Rossi');
    expect(screen.getByText('Plan: Remote monitoring: heart failure')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
    expect(document.title).toBe('Home monitoring');
  });

  it('shows the messages newest first, as text — never as HTML', async () => {
    const server = new FakeCompanionServer();
    const html = '<img src="x" onerror="window.__xss=1"><b>Keep going</b>\nSee you Monday.';
    server.messages = [
      message({ id: 'm3', text: html, omittedParts: 1 }),
      message({ id: 'm2', sent: '2026-09-28', sender: null, language: 'it', text: 'Benvenuta' }),
      message({ id: 'm1', sent: null, text: 'Undated' }),
    ];
    renderCompanion({ server });
    const list = await screen.findByTestId('companion-feedback');
    const items = within(list).getAllByTestId('companion-message');
    expect(items).toHaveLength(3);
    const [first, second, third] = items as [HTMLElement, HTMLElement, HTMLElement];

    expect(within(first).getByTestId('companion-message-text').textContent).toBe(html);
    expect(list.querySelector('img, b')).toBeNull();
    expect((window as unknown as { __xss?: unknown }).__xss).toBeUndefined();
    expect(first).toHaveTextContent('Dr. Sofia Bianchi');
    // 18:30 +02:00 is 18:30 in Berlin (CEST).
    expect(first.querySelector('time')).toHaveTextContent(/^Oct 3, 2026, 6:30\sPM$/);
    expect(first.querySelector('time')).toHaveAttribute('datetime', '2026-10-03T18:30:00+02:00');
    expect(first).toHaveTextContent(
      'This message has 1 attachment that cannot be shown here. Ask your care team if you need it.',
    );

    // A date-only value stays on its day; an unknown sender is the care team.
    expect(second).toHaveTextContent('Sep 28, 2026');
    expect(within(second).getByTestId('companion-message-sender')).toHaveTextContent(
      'Your care team',
    );
    expect(within(second).getByTestId('companion-message-text')).toHaveAttribute('lang', 'it');
    expect(third).toHaveTextContent('Date not known');
  });

  it('says when there are no messages yet', async () => {
    const server = new FakeCompanionServer();
    server.messages = [];
    renderCompanion({ server });
    expect(
      await screen.findByText(
        'No messages yet. Your care team’s feedback on your readings will appear here.',
      ),
    ).toBeInTheDocument();
  });

  it('refreshes when the patient comes back to the page, and announces new messages', async () => {
    const { server } = renderCompanion();
    await screen.findByTestId('companion-feedback');
    expect(server.calls('feedback')).toHaveLength(1);
    server.messages = [message({ id: 'm2', text: 'Please measure again tonight.' }), message()];
    act(() => {
      fireEvent.focus(window);
    });
    await waitFor(() => expect(screen.getAllByTestId('companion-message')).toHaveLength(2));
    expect(screen.getAllByTestId('companion-message')[0]).toHaveTextContent(
      'Please measure again tonight.',
    );
    expect(screen.getByTestId('companion-feedback-status')).toHaveTextContent(
      '1 new message from your care team.',
    );
    expect(screen.getByTestId('companion-feedback-status')).toHaveAttribute('role', 'status');
  });

  it('polls, keeps the messages when a refresh fails, and waits out a 429', async () => {
    const server = new FakeCompanionServer();
    const clock = { now: new Date('2026-11-02T06:15:00Z') };
    renderCompanion({ server, clock, pollMs: 40 });
    await screen.findByTestId('companion-feedback');
    server.failNext('feedback', 'network');
    clock.now = new Date('2026-11-02T06:20:00Z');
    await waitFor(() =>
      expect(screen.getByTestId('companion-feedback-status')).toHaveTextContent(
        /^Could not update the messages\. Showing them as of 7:15\sAM\.$/,
      ),
    );
    expect(screen.getAllByTestId('companion-message')).toHaveLength(1);

    server.failNext('feedback', {
      status: 429,
      body: { error: 'too many requests' },
      headers: { 'Retry-After': '1' },
    });
    await waitFor(() => expect(server.queuedFor('feedback')).toBe(0));
    const refusedAt = server.calls('feedback').length;
    await act(() => new Promise((resolve) => setTimeout(resolve, 500)));
    // Nothing asked during the second the server asked for (polls every 40 ms otherwise).
    expect(server.calls('feedback')).toHaveLength(refusedAt);
    await waitFor(() => expect(server.calls('feedback').length).toBeGreaterThan(refusedAt), {
      timeout: 2000,
    });
    await waitFor(() =>
      expect(screen.getByTestId('companion-feedback-status')).toHaveTextContent(''),
    );
  });

  it('explains a link without a usable ticket', () => {
    renderCompanion({ withTicket: false });
    const error = screen.getByTestId('companion-error');
    expect(error).toHaveAttribute('data-kind', 'incomplete');
    expect(error).toHaveAttribute('role', 'alert');
    expect(error).toHaveTextContent('This link cannot be used');
  });

  it('says the link expired or was withdrawn (401), and stops asking', async () => {
    const server = new FakeCompanionServer();
    server.withdrawn = true;
    renderCompanion({ server, pollMs: 30 });
    const error = await screen.findByTestId('companion-error');
    expect(error).toHaveAttribute('data-kind', 'expired');
    expect(error).toHaveTextContent(
      'This link has expired or was withdrawnAsk your care team for a new link.',
    );
    const asked = server.requests.length;
    await act(() => new Promise((resolve) => setTimeout(resolve, 120)));
    expect(server.requests).toHaveLength(asked);
  });

  it('replaces the page when the link is withdrawn while open', async () => {
    const { server } = renderCompanion({ pollMs: 30 });
    await screen.findByTestId('companion-feedback');
    server.withdrawn = true;
    expect(await screen.findByTestId('companion-error')).toHaveAttribute('data-kind', 'expired');
    expect(screen.queryByTestId('companion-feedback')).not.toBeInTheDocument();
    expect(screen.queryByTestId('companion-submit')).not.toBeInTheDocument();
  });

  it('says when the record behind the link is gone (404)', async () => {
    const server = new FakeCompanionServer();
    server.failNext('me', {
      status: 404,
      body: { error: 'the record behind this link no longer exists' },
    });
    renderCompanion({ server });
    expect(await screen.findByTestId('companion-error')).toHaveAttribute('data-kind', 'gone');
  });

  it('asks to wait after a 429 and loads again on “Try again”', async () => {
    const server = new FakeCompanionServer();
    server.failNext('me', {
      status: 429,
      body: { error: 'slow down' },
      headers: { 'Retry-After': '12' },
    });
    const { user } = renderCompanion({ server });
    const error = await screen.findByTestId('companion-error');
    expect(error).toHaveTextContent('Too many requests. Please wait 12 seconds and try again.');
    await user.click(within(error).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('companion-patient')).toBeInTheDocument();
  });

  it('says when the plan asks for nothing the patient can enter here', async () => {
    const server = new FakeCompanionServer();
    server.profile = profile({
      plan: { status: 'unreadable', title: null },
      metrics: [{ metric: 'spo2', units: ['%'], perDay: null, canSubmit: false }],
    });
    renderCompanion({ server });
    expect(
      await screen.findByText(/^Your monitoring plan could not be read\./),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('companion-submit')).not.toBeInTheDocument();
  });
});
