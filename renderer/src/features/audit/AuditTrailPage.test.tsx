// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../../../shared/audit/audit-entry';
import { toAuditEvent } from '../../../../shared/audit/audit-event';
import { findUntranslated } from '../../../../test/support/render';
import { openOffline, renderAudit, USER, type Offline } from './audit-test-support';
import { AuditTrailPage } from './AuditTrailPage';
import { MemoryAuditLog } from './test-fakes';

const originalTz = process.env.TZ;
let offline: Offline | undefined;
beforeEach(() => {
  process.env.TZ = 'UTC';
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  offline?.scope.close();
  offline = undefined;
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
  vi.restoreAllMocks();
});

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function entry(n: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: uuid(n),
    recorded: '2026-03-01T10:00:00.000+00:00',
    action: 'chart-opened',
    outcome: 'success',
    user: { reference: USER },
    serverId: 'sandbox',
    patient: { reference: 'Patient/p1' },
    ...over,
  };
}

/** Appended oldest first, as the clinician worked. */
function seeded(): MemoryAuditLog {
  const log = new MemoryAuditLog();
  log.entries.push(
    entry(1, {
      recorded: '2026-03-01T09:00:00.000+00:00',
      action: 'signed-in',
      patient: undefined,
    }),
    entry(2, { recorded: '2026-03-01T09:05:00.000+00:00' }),
    // Same user reference on another server: another person, not shown.
    entry(3, { serverId: 'hospital-b' }),
    entry(4, {
      recorded: '2026-03-01T10:30:00.000+01:00', // 09:30 UTC
      action: 'consult-started',
      entity: { reference: 'Encounter/e9', type: 'Encounter' },
    }),
    entry(5, {
      recorded: '2026-03-01T09:40:00.000+00:00',
      action: 'feedback-sent',
      outcome: 'failure',
    }),
  );
  // Another clinician on this workstation: not shown.
  log.entries.push(entry(6, { user: { reference: 'Practitioner/other' } }));
  return log;
}

function rows(): HTMLElement[] {
  return screen.getAllByTestId('audit-row');
}

/** Cell texts; Intl may put a narrow no-break space before "AM": compared as a space. */
function cells(row: HTMLElement | undefined): string[] {
  if (!row) throw new Error('no such row');
  return within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent.replace(/\s/g, ' '));
}

describe('AuditTrailPage', () => {
  it("lists the clinician's own entries newest first, with time, action, patient, record and outcome", async () => {
    renderAudit(<AuditTrailPage />, { log: seeded() });
    await screen.findByRole('table');
    expect(rows().map((r) => r.dataset.id)).toEqual([uuid(5), uuid(4), uuid(2), uuid(1)]);

    // No offline layer here: the "sent to server" column is left out, not guessed.
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Time',
      'Action',
      'Patient',
      'Record',
      'Outcome',
    ]);
    expect(cells(rows()[0])).toEqual([
      'Mar 1, 2026, 9:40:00 AM',
      'Feedback sent',
      'Patient/p1',
      '—',
      'Failed',
    ]);
    // Written with +01:00, shown in this workstation's zone (UTC here).
    expect(cells(rows()[1])).toEqual([
      'Mar 1, 2026, 9:30:00 AM',
      'Consultation started',
      'Patient/p1',
      'Encounter/e9',
      'Success',
    ]);
    expect(cells(rows()[3])).toEqual(['Mar 1, 2026, 9:00:00 AM', 'Signed in', '—', '—', 'Success']);
    expect(
      within(rows()[0] as HTMLElement).getByRole('link', { name: 'Patient/p1' }),
    ).toHaveAttribute('href', '#/patient/p1');
  });

  it('shows whether each AuditEvent reached the server, from the outbox', async () => {
    offline = await openOffline();
    const log = new MemoryAuditLog();
    const sent = entry(1, { recorded: '2026-03-01T09:00:00.000+00:00' });
    const waiting = entry(2, { recorded: '2026-03-01T09:10:00.000+00:00' });
    const untracked = entry(3, { recorded: '2026-03-01T09:20:00.000+00:00' });
    log.entries.push(sent, waiting, untracked);
    await offline.scope.outbox.enqueue({ patientId: '', resource: toAuditEvent(sent), label: 'x' });
    await offline.services.flushOutbox();
    await offline.scope.outbox.enqueue({
      patientId: '',
      resource: toAuditEvent(waiting),
      label: 'x',
    });
    renderAudit(<AuditTrailPage />, { log, offline });
    await screen.findByRole('table');
    expect(screen.getByRole('columnheader', { name: 'Sent to server' })).toBeInTheDocument();
    await waitFor(() =>
      expect(rows().map((r) => [r.dataset.id, r.dataset.serverState])).toEqual([
        [untracked.id, 'untracked'],
        [waiting.id, 'pending'],
        [sent.id, 'sent'],
      ]),
    );
    expect(within(rows()[2] as HTMLElement).getByText('On the server')).toBeInTheDocument();
    expect(within(rows()[1] as HTMLElement).getByText('Waiting to send')).toBeInTheDocument();
  });

  it('says so when there is nothing yet', async () => {
    renderAudit(<AuditTrailPage />);
    expect(await screen.findByTestId('audit-empty')).toHaveTextContent(/Nothing recorded yet/);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('counts unreadable log rows instead of hiding them silently', async () => {
    const log = seeded();
    log.extra = [{ id: 'not-a-uuid', action: 'chart-opened' }];
    renderAudit(<AuditTrailPage />, { log });
    expect(await screen.findByTestId('audit-unreadable')).toHaveTextContent(
      '1 entry of the local log could not be read and is not shown.',
    );
    expect(rows()).toHaveLength(4);
  });

  it('shows the error when the log cannot be read, and Refresh reads it again', async () => {
    const log = seeded();
    log.failList = new Error('IPC unavailable');
    const { user } = renderAudit(<AuditTrailPage />, { log });
    expect(await screen.findByTestId('audit-error')).toHaveTextContent('IPC unavailable');
    log.failList = undefined;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByRole('table');
    expect(rows()).toHaveLength(4);
  });

  it('is reachable by keyboard: Refresh, the labelled table region, then the patient links', async () => {
    renderAudit(<AuditTrailPage />, { log: seeded() });
    await screen.findByRole('table');
    const keyboard = userEvent.setup();
    await keyboard.tab();
    expect(screen.getByRole('button', { name: 'Refresh' })).toHaveFocus();
    await keyboard.tab();
    expect(screen.getByRole('region', { name: 'My audit trail' })).toHaveFocus();
    await keyboard.tab();
    expect(screen.getAllByRole('link', { name: 'Patient/p1' })[0]).toHaveFocus();
    expect(screen.getByRole('table')).toHaveAccessibleName('Your audit entries, newest first');
  });

  it('in German: translated actions and headers, German date format', async () => {
    renderAudit(<AuditTrailPage />, { log: seeded(), lng: 'de' });
    await screen.findByRole('table');
    expect(screen.getByRole('heading', { name: 'Mein Zugriffsprotokoll' })).toBeInTheDocument();
    expect(cells(rows()[0])).toEqual([
      '01.03.2026, 09:40:00',
      'Rückmeldung gesendet',
      'Patient/p1',
      '—',
      'Fehlgeschlagen',
    ]);
  });

  it('every visible string goes through i18n (pseudo-locale)', async () => {
    const { container } = renderAudit(<AuditTrailPage />, { log: seeded(), lng: 'qps' });
    await screen.findByRole('table');
    expect(findUntranslated(container)).toEqual([]);
  });
});
