// @vitest-environment jsdom
/** "Restart and install now" (Settings) and the header's notice, against a fake update control. */
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { findUntranslated, render, testHost } from '../../../../test/support/render';
import type { InstallOutcome, UpdateControl, UpdateStatus } from '../../host/Host';
import { UpdateNotice } from './UpdateNotice';
import { UpdatePanel } from './UpdatePanel';

function fakeUpdates(initial: UpdateStatus | Error) {
  const listeners = new Set<(status: UpdateStatus) => void>();
  const installNow = vi.fn<() => Promise<InstallOutcome>>();
  const updates: UpdateControl = {
    setCallActive: () => Promise.resolve(),
    status: () => (initial instanceof Error ? Promise.reject(initial) : Promise.resolve(initial)),
    onStatus: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    installNow,
  };
  const announce = (status: UpdateStatus): void => {
    act(() => {
      for (const listener of listeners) listener(status);
    });
  };
  return { updates, installNow, announce, listeners };
}

const READY: UpdateStatus = { state: 'downloaded', version: '1.4.0', callActive: false };

describe('UpdatePanel', () => {
  it('announces a downloaded update and offers to install it', async () => {
    const fake = fakeUpdates({ state: 'idle', callActive: false });
    render(<UpdatePanel />, { host: testHost({ kind: 'electron', updates: fake.updates }) });
    const status = screen.getByTestId('update-status');
    expect(status).toHaveAttribute('role', 'status');
    await waitFor(() => expect(status).toHaveTextContent('No update is waiting to be installed.'));
    expect(screen.queryByRole('button', { name: 'Restart and install now' })).toBeNull();
    fake.announce(READY);
    expect(status).toHaveTextContent('Version 1.4.0 has been downloaded and is ready to install.');
    expect(screen.getByRole('button', { name: 'Restart and install now' })).toBeVisible();
  });

  it('says plainly that a call blocks the restart, then installs after the call', async () => {
    const fake = fakeUpdates({ ...READY, callActive: true });
    fake.installNow.mockResolvedValueOnce('deferred').mockResolvedValueOnce('installing');
    const { user } = render(<UpdatePanel />, {
      host: testHost({ kind: 'electron', updates: fake.updates }),
    });
    const button = await screen.findByRole('button', { name: 'Restart and install now' });
    expect(screen.getByTestId('update-status')).toHaveTextContent(
      'A call is running: the workstation will not restart during it.',
    );
    await user.click(button);
    const refusal = await screen.findByRole('alert');
    expect(refusal).toHaveTextContent(
      'Not restarted: a call is running. The update installs when the app quits after the call.',
    );
    fake.announce(READY);
    await user.click(button);
    expect(await screen.findByTestId('update-attempt')).toHaveTextContent(
      'Restarting to install the update…',
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fake.installNow).toHaveBeenCalledTimes(2);
  });

  it('shows why the install could not be started', async () => {
    const fake = fakeUpdates(READY);
    fake.installNow.mockRejectedValueOnce(new Error('IPC refused'));
    const { user } = render(<UpdatePanel />, {
      host: testHost({ kind: 'electron', updates: fake.updates }),
    });
    await user.click(await screen.findByRole('button', { name: 'Restart and install now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The update could not be started: IPC refused',
    );
  });

  it('offers nothing when updates are off or the status cannot be read', async () => {
    const off = fakeUpdates({ state: 'off', callActive: false });
    const first = render(<UpdatePanel />, {
      host: testHost({ kind: 'electron', updates: off.updates }),
    });
    await waitFor(() =>
      expect(screen.getByTestId('update-status')).toHaveTextContent(
        'Updates are off on this workstation.',
      ),
    );
    first.unmount();
    const broken = fakeUpdates(new Error('no updates:status'));
    render(<UpdatePanel />, { host: testHost({ kind: 'electron', updates: broken.updates }) });
    await waitFor(() =>
      expect(screen.getByTestId('update-status')).toHaveTextContent(
        'The update status is not available.',
      ),
    );
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('in the browser, says the web deployment updates it, with no button', () => {
    render(<UpdatePanel />);
    expect(screen.getByTestId('update-browser')).toHaveTextContent(
      'Updates of the browser version are managed by its web deployment',
    );
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('unsubscribes when it goes away, and is translated (pseudo-locale)', async () => {
    const fake = fakeUpdates({ ...READY, callActive: true });
    const view = render(<UpdatePanel />, {
      host: testHost({ kind: 'electron', updates: fake.updates }),
      lng: 'qps',
    });
    await screen.findByRole('button');
    expect(findUntranslated(document.body)).toEqual([]);
    view.unmount();
    expect(fake.listeners.size).toBe(0);
  });
});

describe('UpdateNotice (header)', () => {
  it('appears inside a status region when an update is ready, linking to Settings', () => {
    const fake = fakeUpdates({ state: 'idle', callActive: false });
    render(<UpdateNotice />, { host: testHost({ kind: 'electron', updates: fake.updates }) });
    const region = screen.getByTestId('update-notice');
    expect(region).toHaveAttribute('role', 'status');
    expect(region).toBeEmptyDOMElement();
    fake.announce(READY);
    expect(screen.getByRole('link', { name: 'Update 1.4.0 ready' })).toHaveAttribute(
      'href',
      '#/settings',
    );
  });

  it('is absent in the browser host', () => {
    render(<UpdateNotice />);
    expect(screen.queryByTestId('update-notice')).toBeNull();
  });
});
