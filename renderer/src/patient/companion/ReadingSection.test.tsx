// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeCompanionServer } from './test-fakes';
import { pinTimeZone, renderCompanion } from './test-render';

pinTimeZone();

const ID1 = '00000000-0000-4000-8000-000000000001';

async function ready() {
  const r = renderCompanion();
  await screen.findByTestId('companion-submit');
  return r;
}

describe('CompanionApp: adding a reading', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('offers only the metrics the patient may enter, each with its units', async () => {
    const { user } = await ready();
    const metric = screen.getByTestId('companion-metric');
    expect(metric).toHaveAccessibleName('What did you measure?');
    expect(
      within(metric)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Blood pressure', 'Weight', 'Blood sugar (glucose)']);
    expect(screen.queryByTestId('companion-unit')).not.toBeInTheDocument();
    await user.selectOptions(metric, 'glucose');
    const unit = screen.getByTestId('companion-unit');
    expect(
      within(unit)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['mg/dL', 'mmol/L']);
    expect(screen.getByTestId('companion-value')).toHaveAccessibleName('Blood sugar');
  });

  it('sends a blood pressure reading, says “Saved” with its time, and empties the form', async () => {
    const { user, server } = await ready();
    await user.type(screen.getByRole('textbox', { name: /Upper value/ }), '142');
    await user.type(screen.getByRole('textbox', { name: /Lower value/ }), '91');
    await user.click(screen.getByTestId('companion-submit'));
    const saved = await screen.findByTestId('companion-saved');
    expect(saved).toHaveTextContent(/^Saved: your reading of Nov 2, 2026, 7:15\sAM\.$/);
    expect(saved.closest('[role="status"]')).not.toBeNull();
    expect(server.calls('readings').map((r) => r.body)).toEqual([
      {
        id: ID1,
        metric: 'blood-pressure',
        systolic: 142,
        diastolic: 91,
        unit: 'mm[Hg]',
        at: '2026-11-02T07:15:00+01:00',
      },
    ]);
    expect(screen.getByTestId('companion-systolic')).toHaveValue('');
    expect(screen.getByTestId('companion-diastolic')).toHaveValue('');
  });

  it('sends the time the patient chose', async () => {
    const { user, server } = await ready();
    await user.selectOptions(screen.getByTestId('companion-metric'), 'glucose');
    await user.type(screen.getByTestId('companion-value'), '5,6');
    await user.selectOptions(screen.getByTestId('companion-unit'), 'mmol/L');
    fireEvent.change(screen.getByTestId('companion-at'), { target: { value: '2026-11-01T21:30' } });
    await user.click(screen.getByTestId('companion-submit'));
    await screen.findByTestId('companion-saved');
    expect(server.calls('readings')[0]?.body).toEqual({
      id: ID1,
      metric: 'glucose',
      value: 5.6,
      unit: 'mmol/L',
      at: '2026-11-01T21:30:00+01:00',
    });
  });

  it('checks the numbers before sending, next to each field', async () => {
    const { user, server } = await ready();
    await user.click(screen.getByTestId('companion-submit'));
    const systolic = screen.getByTestId('companion-systolic');
    expect(systolic).toHaveAttribute('aria-invalid', 'true');
    expect(systolic).toHaveAccessibleDescription('Please enter a number.');
    expect(screen.getByTestId('companion-diastolic')).toHaveAccessibleDescription(
      'Please enter a number.',
    );
    expect(systolic).toHaveFocus();

    await user.type(systolic, '80');
    expect(systolic).not.toHaveAttribute('aria-invalid', 'true');
    await user.type(screen.getByTestId('companion-diastolic'), '120');
    await user.click(screen.getByTestId('companion-submit'));
    expect(systolic).toHaveAccessibleDescription(
      'The upper value must be higher than the lower value.',
    );

    await user.clear(systolic);
    await user.type(systolic, '310');
    await user.click(screen.getByTestId('companion-submit'));
    expect(systolic).toHaveAccessibleDescription(
      'This cannot be right: please enter a value between 40 and 300 mmHg.',
    );

    await user.selectOptions(screen.getByTestId('companion-metric'), 'weight');
    await user.type(screen.getByTestId('companion-value'), '1500');
    await user.selectOptions(screen.getByTestId('companion-unit'), '[lb_av]');
    await user.click(screen.getByTestId('companion-submit'));
    expect(screen.getByTestId('companion-value')).toHaveAccessibleDescription(
      'This cannot be right: please enter a value between 0.44 and 1,433 lb.',
    );
    expect(server.calls('readings')).toHaveLength(0);
  });

  it('keeps a reading the network lost, and resends it under the same id', async () => {
    const { user, server, clock } = await ready();
    await user.selectOptions(screen.getByTestId('companion-metric'), 'weight');
    await user.type(screen.getByTestId('companion-value'), '82,4');
    server.failNext('readings', 'network');
    await user.click(screen.getByTestId('companion-submit'));
    const error = await screen.findByTestId('companion-error');
    expect(error).toHaveTextContent('Not sent: no connection. Your reading is kept here');
    expect(error.closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByTestId('companion-value')).toHaveValue('82,4');

    clock.now = new Date('2026-11-02T06:40:00Z');
    await user.click(within(error).getByRole('button', { name: 'Send again' }));
    expect(await screen.findByTestId('companion-saved')).toHaveTextContent(
      /your reading of Nov 2, 2026, 7:15\sAM/,
    );
    const [lost, resent] = server.calls('readings').map((r) => r.body);
    expect(lost).toEqual({
      id: ID1,
      metric: 'weight',
      value: 82.4,
      unit: 'kg',
      at: '2026-11-02T07:15:00+01:00',
    });
    expect(resent).toEqual(lost);
    expect(server.stored.size).toBe(1);
    expect(sessionStorage.getItem('cw.companion.pending')).toBeNull();
  });

  it('stores a reading once when the answer was lost after it was stored', async () => {
    const { user, server } = await ready();
    await user.type(screen.getByTestId('companion-systolic'), '135');
    await user.type(screen.getByTestId('companion-diastolic'), '85');
    server.failNext('readings', {
      status: 502,
      body: { error: 'the record server is unavailable' },
    });
    await user.click(screen.getByTestId('companion-submit'));
    expect(await screen.findByTestId('companion-error')).toHaveTextContent(
      'Your care team’s service is not available right now.',
    );
    await user.click(screen.getByTestId('companion-submit'));
    await screen.findByTestId('companion-saved');
    await user.type(screen.getByTestId('companion-systolic'), '135');
    await user.type(screen.getByTestId('companion-diastolic'), '85');
    await user.click(screen.getByTestId('companion-submit'));
    await screen.findByTestId('companion-saved');
    // The 502 and its resend share an id; the next reading (same values, new form) is new.
    expect(server.calls('readings').map((r) => (r.body as { id: string }).id)).toEqual([
      ID1,
      ID1,
      '00000000-0000-4000-8000-000000000002',
    ]);
  });

  it('brings an unsent reading back after a reload', async () => {
    const first = await ready();
    await first.user.selectOptions(screen.getByTestId('companion-metric'), 'weight');
    await first.user.type(screen.getByTestId('companion-value'), '82,4');
    await first.user.selectOptions(screen.getByTestId('companion-unit'), '[lb_av]');
    first.server.failNext('readings', 'network');
    await first.user.click(screen.getByTestId('companion-submit'));
    await screen.findByTestId('companion-error');
    cleanup();

    const server = new FakeCompanionServer();
    const again = renderCompanion({ server });
    const error = await screen.findByTestId('companion-error');
    expect(error).toHaveTextContent('This reading has not been sent yet.');
    expect(screen.getByTestId('companion-value')).toHaveValue('82,4');
    expect(screen.getByTestId('companion-unit')).toHaveValue('[lb_av]');
    await again.user.click(within(error).getByRole('button', { name: 'Send again' }));
    await screen.findByTestId('companion-saved');
    expect(server.calls('readings')[0]?.body).toEqual({
      id: ID1,
      metric: 'weight',
      value: 82.4,
      unit: '[lb_av]',
      at: '2026-11-02T07:15:00+01:00',
    });
  });

  it('shows a server 422 next to its field', async () => {
    const { user, server } = await ready();
    await user.type(screen.getByTestId('companion-systolic'), '142');
    await user.type(screen.getByTestId('companion-diastolic'), '91');
    server.failNext('readings', {
      status: 422,
      body: { error: 'at: the reading is dated in the future', field: 'at' },
    });
    await user.click(screen.getByTestId('companion-submit'));
    const at = screen.getByTestId('companion-at');
    expect(await screen.findByTestId('companion-error')).toHaveTextContent(
      'Please check the marked field.',
    );
    expect(at).toHaveAttribute('aria-invalid', 'true');
    expect(at).toHaveAccessibleDescription(
      'Please check this value. at: the reading is dated in the future Leave empty if you measured just now.',
    );
    expect(at).toHaveFocus();
    expect(screen.getByTestId('companion-systolic')).toHaveValue('142');
  });

  it('shows an error without a field, with the server’s words', async () => {
    const { user, server } = await ready();
    await user.type(screen.getByTestId('companion-systolic'), '142');
    await user.type(screen.getByTestId('companion-diastolic'), '91');
    server.failNext('readings', {
      status: 404,
      body: { error: 'the record behind this link no longer exists' },
    });
    await user.click(screen.getByTestId('companion-submit'));
    expect(await screen.findByTestId('companion-error')).toHaveTextContent(
      'The reading could not be saved.Details: the record behind this link no longer exists',
    );
  });

  it('goes to the expired page when the link is refused on submit', async () => {
    const { user, server } = await ready();
    await user.type(screen.getByTestId('companion-systolic'), '142');
    await user.type(screen.getByTestId('companion-diastolic'), '91');
    server.withdrawn = true;
    await user.click(screen.getByTestId('companion-submit'));
    expect(await screen.findByTestId('companion-error')).toHaveAttribute('data-kind', 'expired');
  });
});
