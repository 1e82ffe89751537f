// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findUntranslated } from '../../../../test/support/render';
import { lockRecordKey } from './lock-record';
import { PinStore } from './pin-store';
import { FakeCall, FakePatientView, lockHost, patientInDom, renderLock } from './lock-test-support';

const MINUTE = 60_000;
const owner = { serverId: 'sandbox', userKey: 'Practitioner/test' };

beforeEach(() => {
  window.localStorage.clear();
  window.sessionStorage.clear();
  // Fake clock that still moves, so Testing Library's polling works; tests jump it ahead.
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  vi.useRealTimers();
});

async function shown() {
  await screen.findByTestId('patient-banner');
}

describe('LockGate: when it locks', () => {
  it('locks after the configured idle minutes and unmounts the patient views', async () => {
    const onUnmount = vi.fn();
    const { auditLog } = renderLock({
      lockHost: lockHost({ idleLockMinutes: 3 }),
      children: <FakePatientView onUnmount={onUnmount} />,
    });
    await shown();
    act(() => {
      vi.advanceTimersByTime(3 * MINUTE - 1000);
    });
    expect(screen.queryByTestId('lock-screen')).toBeNull();

    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
    // Gone, not covered: not in the DOM at all, portals included; the views were unmounted.
    expect(screen.queryByTestId('patient-banner')).toBeNull();
    expect(screen.queryByTestId('patient-popover')).toBeNull();
    expect(patientInDom()).toBe(false);
    expect(onUnmount).toHaveBeenCalledTimes(1);
    // The lock screen names the user and why it locked; screen readers are told.
    expect(screen.getByTestId('lock-user-name')).toHaveTextContent('Dr. Test');
    expect(screen.getByTestId('lock-reason')).toHaveTextContent('after 3 minutes without activity');
    expect(screen.getByTestId('lock-announcer')).toHaveTextContent(
      'Workstation locked. Patient data hidden.',
    );
    expect(document.activeElement).toBe(
      screen.getByRole('heading', { name: 'Workstation locked' }),
    );
    await waitFor(() =>
      expect(auditLog.entries.map((e) => [e.action, e.detail])).toEqual([['locked', 'idle']]),
    );
  });

  it('defaults to 10 minutes when the configuration sets no security policy', async () => {
    const lh = lockHost();
    lh.host.getConfig = () => Promise.resolve({ servers: [] });
    renderLock({ lockHost: lh });
    await shown();
    act(() => {
      vi.advanceTimersByTime(10 * MINUTE - 1000);
    });
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
  });

  it('activity (keys, pointer, wheel, touch, focus) starts the idle period again', async () => {
    renderLock({ lockHost: lockHost({ idleLockMinutes: 10 }) });
    await shown();
    const banner = screen.getByTestId('patient-banner');
    const events = [
      () => fireEvent.keyDown(banner, { key: 'a' }),
      () => fireEvent.pointerMove(banner),
      () => fireEvent.wheel(banner),
      () => fireEvent.touchStart(banner),
      () => fireEvent.focus(banner),
    ];
    for (const activity of events) {
      act(() => {
        vi.advanceTimersByTime(9 * MINUTE);
      });
      activity();
    }
    // 45 minutes in, never 10 idle: still unlocked.
    expect(screen.getByTestId('patient-banner')).toBeInTheDocument();
    act(() => {
      vi.advanceTimersByTime(10 * MINUTE);
    });
    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
  });

  it('locks at once when the OS locks the screen or suspends', async () => {
    const lh = lockHost({ idleLockMinutes: 60 });
    renderLock({ lockHost: lh });
    await shown();
    act(() => lh.systemLock('suspend'));
    expect(screen.getByTestId('lock-screen')).toBeInTheDocument();
    expect(screen.getByTestId('lock-reason')).toHaveTextContent('the computer went to sleep');
    expect(patientInDom()).toBe(false);
    await waitFor(() => expect(lh.auditLog.entries.map((e) => e.detail)).toEqual(['suspend']));
    // A second OS event while locked changes nothing (and is not audited twice).
    act(() => lh.systemLock('lock-screen'));
    expect(screen.getByTestId('lock-reason')).toHaveTextContent('went to sleep');
    expect(lh.auditLog.entries).toHaveLength(1);
  });
});

describe('LockGate: staying locked', () => {
  it('a reload (or restart) with restored tokens comes back locked', async () => {
    const lh = lockHost();
    const first = renderLock({ lockHost: lh });
    await shown();
    act(() => lh.systemLock('lock-screen'));
    expect(window.localStorage.getItem(lockRecordKey(owner))).not.toBeNull();
    first.unmount();

    renderLock({ lockHost: lh });
    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
    expect(screen.getByTestId('lock-reason')).toHaveTextContent('screen was locked');
    expect(patientInDom()).toBe(false);
  });

  it('a completed sign-in since the lock (signed out and in again) opens unlocked', async () => {
    const lh = lockHost();
    const first = renderLock({ lockHost: lh });
    await shown();
    act(() => lh.systemLock('lock-screen'));
    first.unmount();
    // fhirclient's state after ready(): a new key with tokens.
    window.sessionStorage.setItem('SMART_KEY', JSON.stringify('fresh'));
    window.sessionStorage.setItem(
      'fresh',
      JSON.stringify({ tokenResponse: { access_token: 'a' } }),
    );

    renderLock({ lockHost: lh });
    await shown();
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    expect(window.localStorage.getItem(lockRecordKey(owner))).toBeNull();
  });

  it('activity on the lock screen does not unlock it', async () => {
    const lh = lockHost();
    renderLock({ lockHost: lh });
    await shown();
    act(() => lh.systemLock('lock-screen'));
    fireEvent.keyDown(screen.getByTestId('lock-screen'), { key: 'Enter' });
    fireEvent.pointerDown(screen.getByTestId('lock-screen'));
    act(() => {
      vi.advanceTimersByTime(60 * MINUTE);
    });
    expect(screen.getByTestId('lock-screen')).toBeInTheDocument();
    expect(patientInDom()).toBe(false);
  });

  it('Sign out on the lock screen signs the session out', async () => {
    const lh = lockHost();
    const { signOut, user } = renderLock({ lockHost: lh });
    await shown();
    act(() => lh.systemLock('lock-screen'));
    await user.click(screen.getByTestId('lock-sign-out'));
    expect(signOut).toHaveBeenCalledTimes(1);
  });
});

describe('LockGate: a running call', () => {
  it('keeps the app mounted but off the page while locked, and puts it back on unlock', async () => {
    const lh = lockHost({ pinUnlock: true });
    const onMount = vi.fn();
    const onUnmount = vi.fn();
    await new PinStore(window.sessionStorage, owner, { iterations: 1000 }).set('246810');
    const { user } = renderLock({
      lockHost: lh,
      children: (
        <>
          <FakePatientView onMount={onMount} onUnmount={onUnmount} />
          <FakeCall />
        </>
      ),
    });
    await shown();
    act(() => lh.systemLock('lock-screen'));
    expect(screen.getByTestId('lock-screen')).toBeInTheDocument();
    expect(screen.getByTestId('lock-call')).toHaveAttribute('data-policy', 'keep-audio');
    // Absent from the document — tiles, chart and portals — yet still mounted.
    expect(screen.queryByTestId('call-tile')).toBeNull();
    expect(screen.queryByTestId('patient-popover')).toBeNull();
    expect(patientInDom()).toBe(false);
    expect(onUnmount).not.toHaveBeenCalled();

    // Unlock (with the PIN): the same components come back, not new ones.
    await user.type(screen.getByTestId('lock-pin'), '246810');
    await user.click(screen.getByTestId('lock-pin-submit'));
    expect(await screen.findByTestId('call-tile')).toBeInTheDocument();
    expect(screen.getByTestId('patient-popover')).toBeInTheDocument();
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    expect(onMount).toHaveBeenCalledTimes(1);
    expect(onUnmount).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(document.getElementById('main-content'));
    expect(screen.getByTestId('lock-announcer')).toHaveTextContent('Workstation unlocked.');
  });

  it('names the pause policy on the lock screen', async () => {
    const lh = lockHost({ callOnLock: 'pause' });
    renderLock({
      lockHost: lh,
      children: (
        <>
          <FakePatientView />
          <FakeCall />
        </>
      ),
    });
    await shown();
    act(() => lh.systemLock('suspend'));
    expect(screen.getByTestId('lock-call')).toHaveTextContent(
      'microphone and camera are off until you unlock',
    );
  });
});

describe('LockGate: language', () => {
  it('every text on the lock screen goes through i18n (pseudo-locale), PIN form included', async () => {
    await new PinStore(window.sessionStorage, owner, { iterations: 1000 }).set('246810');
    const lh = lockHost({ pinUnlock: true });
    renderLock({
      lockHost: lh,
      lng: 'qps',
      children: (
        <>
          <FakePatientView />
          <FakeCall />
        </>
      ),
    });
    await shown();
    act(() => lh.systemLock('lock-screen'));
    expect(screen.getByTestId('lock-pin-form')).toBeInTheDocument();
    expect(findUntranslated(document.body)).toEqual([]);
  });
});
