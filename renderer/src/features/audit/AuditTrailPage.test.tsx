// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../../../shared/audit/audit-entry';
import { toAuditEvent } from '../../../../shared/audit/audit-event';
import { findUntranslated } from '../../../../test/support/render';
import type { AuditLog } from '../../host/Host';
import { MemoryAuditLog } from '../../host/memory-audit-log';
import { openOffline, renderAudit, USER, type Offline } from './audit-test-support';
import { AuditTrailPage } from './AuditTrailPage';

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

/** Appends in order, as the log's own API does it (each entry validated). */
async function appended(log: MemoryAuditLog, ...entries: AuditEntry[]): Promise<MemoryAuditLog> {
  for (const e of entries) await log.append(e);
  return log;
}

/** Appended oldest first, as the clinician worked. */
function seeded(): Promise<MemoryAuditLog> {
  return appended(
    new MemoryAuditLog(),
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
    // Another clinician on this workstation: not shown.
    entry(6, { user: { reference: 'Practitioner/other' } }),
  );
}

/** `log` as the host's audit log, with `list` answered by `list` (reading `log` itself). */
function readThrough(log: MemoryAuditLog, list: AuditLog['list']): AuditLog {
  return { append: (e) => log.append(e), list };
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
    renderAudit(<AuditTrailPage />, { log: await seeded() });
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
    const sent = entry(1, { recorded: '2026-03-01T09:00:00.000+00:00' });
    const waiting = entry(2, { recorded: '2026-03-01T09:10:00.000+00:00' });
    const untracked = entry(3, { recorded: '2026-03-01T09:20:00.000+00:00' });
    const log = await appended(new MemoryAuditLog(), sent, waiting, untracked);
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
    const log = await seeded();
    // What a damaged log file hands back through IPC: typed as an entry, but not one.
    const unreadable = { id: 'not-a-uuid', action: 'chart-opened' } as unknown as AuditEntry;
    const auditLog = readThrough(log, async (options) => [
      ...(await log.list(options)),
      unreadable,
    ]);
    renderAudit(<AuditTrailPage />, { host: { auditLog } });
    expect(await screen.findByTestId('audit-unreadable')).toHaveTextContent(
      '1 entry of the local log could not be read and is not shown.',
    );
    expect(rows()).toHaveLength(4);
  });

  it('shows the error when the log cannot be read, and Refresh reads it again', async () => {
    const log = await seeded();
    let listError: Error | undefined = new Error('IPC unavailable');
    const auditLog = readThrough(log, (options) =>
      listError ? Promise.reject(listError) : log.list(options),
    );
    const { user } = renderAudit(<AuditTrailPage />, { host: { auditLog } });
    expect(await screen.findByTestId('audit-error')).toHaveTextContent('IPC unavailable');
    listError = undefined;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByRole('table');
    expect(rows()).toHaveLength(4);
  });

  it('is reachable by keyboard: Refresh, the labelled table region, then the patient links', async () => {
    renderAudit(<AuditTrailPage />, { log: await seeded() });
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
    renderAudit(<AuditTrailPage />, { log: await seeded(), lng: 'de' });
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
    const { container } = renderAudit(<AuditTrailPage />, { log: await seeded(), lng: 'qps' });
    await screen.findByRole('table');
    expect(findUntranslated(container)).toEqual([]);
  });
});
