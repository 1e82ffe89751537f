// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react';
import type { AuditEvent } from 'fhir/r4';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditLog } from '../../host/Host';
import { openOffline, renderAudit, USER, type Offline } from './audit-test-support';
import { AuditSessionEvents, type AuditSignOut } from './AuditSessionEvents';
import { useAudit, type AuditEventInput, type RecordAuditEvent } from './useAudit';
import { useAuditChartOpened } from './useAuditChartOpened';

let offline: Offline | undefined;
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  offline?.scope.close();
  offline = undefined;
  vi.restoreAllMocks();
});

/** A local log that cannot be written (a full disk, a closed IPC channel). */
const diskFull: AuditLog = {
  append: () => Promise.reject(new Error('disk full')),
  list: () => Promise.resolve([]),
};

/** Exposes the hook's function to the test. */
function Recorder(props: { onReady: (audit: RecordAuditEvent) => void }): null {
  props.onReady(useAudit());
  return null;
}

async function recordWith(
  event: AuditEventInput,
  options: Parameters<typeof renderAudit>[1] = {},
): Promise<ReturnType<typeof renderAudit>> {
  let audit: RecordAuditEvent | undefined;
  const rendered = renderAudit(<Recorder onReady={(a) => (audit = a)} />, options);
  if (!audit) throw new Error('hook did not render');
  const record = audit;
  await act(() => record(event));
  return rendered;
}

describe('useAudit', () => {
  it('appends the entry for the signed-in user and sends its AuditEvent through the outbox once', async () => {
    offline = await openOffline();
    const { log } = await recordWith(
      { action: 'consult-ended', patient: 'Patient/p1', entity: { reference: 'Encounter/e1' } },
      { offline },
    );
    expect(log.entries).toHaveLength(1);
    const [entry] = log.entries;
    expect(entry).toMatchObject({
      action: 'consult-ended',
      outcome: 'success',
      // testSession(): fhirUser Practitioner/test, display "Dr. Test", server "sandbox".
      user: { reference: USER, display: 'Dr. Test' },
      serverId: 'sandbox',
      patient: { reference: 'Patient/p1' },
      entity: { reference: 'Encounter/e1' },
    });
    expect(entry?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry?.recorded).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    // The hook flushes after the enqueue: one PUT at the entry's id, and the row is sent.
    await waitFor(() => expect(offline?.puts).toEqual([`AuditEvent/${entry?.id ?? ''}`]));
    const body = offline.bodies[0] as AuditEvent;
    expect(body.action).toBe('U');
    expect(body.agent[0]?.who?.reference).toBe(USER);
    await waitFor(async () =>
      expect((await offline?.scope.outbox.list())?.map((e) => [e.id, e.state])).toEqual([
        [entry?.id, 'sent'],
      ]),
    );
    // Not one of the chart's notes: the row names no patient.
    expect(await offline.scope.outbox.list('p1')).toEqual([]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a failed local append shows a banner, does not reject, and still queues the server copy', async () => {
    offline = await openOffline();
    await recordWith(
      { action: 'chart-opened', patient: 'Patient/p1' },
      { offline, host: { auditLog: diskFull } },
    );
    expect(
      await screen.findByText('An action could not be written to the local audit log'),
    ).toBeInTheDocument();
    expect((await offline.scope.outbox.list()).map((e) => e.resourceType)).toEqual(['AuditEvent']);
  });

  it('without an offline layer the entry is kept locally only, without a banner', async () => {
    const { log } = await recordWith({ action: 'signed-in' });
    expect(log.entries.map((e) => e.action)).toEqual(['signed-in']);
    expect(document.querySelector('[data-banner-id]')).toBeNull();
  });

  it('banners in German when the UI is German', async () => {
    await recordWith({ action: 'chart-opened' }, { host: { auditLog: diskFull }, lng: 'de' });
    expect(
      await screen.findByText('Eine Aktion konnte nicht ins lokale Protokoll geschrieben werden'),
    ).toBeInTheDocument();
  });
});

function Chart(props: { patientId: string }): null {
  useAuditChartOpened(props.patientId);
  return null;
}

describe('useAuditChartOpened', () => {
  it('records once per opening, under StrictMode and across re-renders', async () => {
    const chart = (id: string) => (
      <StrictMode>
        <Chart key={id} patientId={id} />
      </StrictMode>
    );
    const { log, rerender } = renderAudit(chart('p1'));
    await waitFor(() => expect(log.entries).toHaveLength(1));
    rerender(chart('p1'));
    rerender(chart('p1'));
    rerender(chart('p2'));
    await waitFor(() => expect(log.entries).toHaveLength(2));
    // Let any stray second effect land before counting.
    await new Promise((r) => setTimeout(r, 20));
    expect(log.entries.map((e) => [e.action, e.patient?.reference])).toEqual([
      ['chart-opened', 'Patient/p1'],
      ['chart-opened', 'Patient/p2'],
    ]);
  });
});

describe('AuditSessionEvents', () => {
  it('records signed-in once, and signed-out when AuthGate calls the registered function', async () => {
    offline = await openOffline();
    let signOut: AuditSignOut | null = null;
    const { log, unmount } = renderAudit(
      <StrictMode>
        <AuditSessionEvents registerSignOut={(f) => (signOut = f)} />
      </StrictMode>,
      { offline },
    );
    await waitFor(() => expect(log.entries.map((e) => e.action)).toEqual(['signed-in']));
    expect(signOut).not.toBeNull();
    await act(async () => {
      await signOut?.();
    });
    expect(log.entries.map((e) => e.action)).toEqual(['signed-in', 'signed-out']);
    // The sign-out waited for the send: the signed-out AuditEvent is on the "server" already.
    const signedOut = log.entries[1]?.id ?? '';
    expect(offline.puts).toContain(`AuditEvent/${signedOut}`);
    unmount();
    expect(signOut).toBeNull();
  });

  it('sign-out goes ahead after the wait when the server does not answer', async () => {
    offline = await openOffline();
    offline.services.flushOutbox = () => new Promise<void>(() => undefined);
    let signOut: AuditSignOut | null = null;
    const { log } = renderAudit(
      <AuditSessionEvents registerSignOut={(f) => (signOut = f)} flushWaitMs={30} />,
      { offline },
    );
    await waitFor(() => expect(signOut).not.toBeNull());
    const started = Date.now();
    await act(async () => {
      await signOut?.();
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(log.entries.map((e) => e.action)).toContain('signed-out');
  });
});
