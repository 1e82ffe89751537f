import { describe, expect, it, vi } from 'vitest';
import { setupUpdater as setup } from './testing/setup-updater';
import { UPDATE_CHECK_INTERVAL_MS } from './updater';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Updater', () => {
  it('checks at start and every four hours, downloading and installing on quit', async () => {
    const { updater, autoUpdater, timers, logger } = setup();
    updater.start();
    await flush();
    expect(autoUpdater.checks).toBe(1);
    expect(autoUpdater.autoDownload).toBe(true);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(true);
    expect(autoUpdater.logger).toBe(logger);
    expect(autoUpdater.feed).toBeUndefined();
    expect(timers).toHaveLength(1);
    expect(timers[0]?.ms).toBe(UPDATE_CHECK_INTERVAL_MS);
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(14_400_000);
    timers[0]?.task();
    await flush();
    expect(autoUpdater.checks).toBe(2);
    updater.stop();
    expect(timers[0]?.stopped).toBe(true);
  });

  it('uses the configured update server through the generic provider', () => {
    const { updater, autoUpdater } = setup({
      enabled: true,
      url: 'https://updates.clinic.example/cw',
    });
    updater.start();
    expect(autoUpdater.feed).toEqual({
      provider: 'generic',
      url: 'https://updates.clinic.example/cw',
    });
  });

  it('does nothing at all when the configuration turns updates off', async () => {
    const { updater, autoUpdater, log, timers } = setup({
      enabled: false,
      url: 'https://u.example',
    });
    updater.start();
    await updater.check();
    updater.setCallActive(true);
    updater.setCallActive(false);
    await flush();
    expect(autoUpdater.checks).toBe(0);
    expect(autoUpdater.autoDownload).toBe(false);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(false);
    expect(autoUpdater.feed).toBeUndefined();
    expect(timers).toEqual([]);
    expect(updater.state).toBe('off');
    expect(log).toHaveBeenCalledWith('[updates] off: the configuration disables updates');
  });

  it('treats absent settings as enabled (the default), and is off in an unpackaged app', async () => {
    const absent = setup(undefined);
    absent.updater.start();
    await flush();
    expect(absent.autoUpdater.checks).toBe(1);
    const dev = setup({ enabled: true }, false);
    dev.updater.start();
    await flush();
    expect(dev.autoUpdater.checks).toBe(0);
    expect(dev.log).toHaveBeenCalledWith('[updates] off: not a packaged app');
  });

  it('logs errors from events and from rejected checks without throwing', async () => {
    const { updater, autoUpdater, log } = setup();
    autoUpdater.next = () => {
      autoUpdater.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'));
      return Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
    };
    updater.start();
    await flush();
    await expect(updater.check()).resolves.toBeUndefined();
    expect(log.mock.calls.filter(([line]) => line.startsWith('[updates] failed'))).toEqual([
      ['[updates] failed: net::ERR_INTERNET_DISCONNECTED'],
      ['[updates] failed: net::ERR_INTERNET_DISCONNECTED'],
    ]);
  });

  it('has an error listener even when off, so a stray error event cannot crash main', () => {
    const { updater, autoUpdater, log } = setup({ enabled: false });
    updater.start();
    expect(() => autoUpdater.emit('error', new Error('boom'))).not.toThrow();
    expect(log).toHaveBeenCalledWith('[updates] failed: boom');
  });

  it('keeps a failed download handled (no unhandled rejection)', async () => {
    const { updater, autoUpdater } = setup();
    const download = autoUpdater.scriptDownload();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      updater.start();
      await flush();
      download.reject(new Error('sha512 checksum mismatch'));
      await flush();
      await flush();
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  describe('during a call', () => {
    it('skips checks, stops the download and does not install on quit', async () => {
      const { updater, autoUpdater, timers } = setup();
      autoUpdater.scriptDownload();
      updater.start();
      await flush();
      expect(autoUpdater.checks).toBe(1);
      updater.setCallActive(true);
      expect(autoUpdater.cancels).toBe(1);
      expect(autoUpdater.autoInstallOnAppQuit).toBe(false);
      timers[0]?.task();
      await updater.check();
      expect(autoUpdater.checks).toBe(1);
    });

    it('catches up when the call ends: installs on quit again and checks', async () => {
      const { updater, autoUpdater } = setup();
      updater.start();
      await flush();
      updater.setCallActive(true);
      updater.setCallActive(true);
      updater.setCallActive(false);
      await flush();
      expect(autoUpdater.autoInstallOnAppQuit).toBe(true);
      expect(autoUpdater.checks).toBe(2);
      updater.setCallActive(false);
      await flush();
      expect(autoUpdater.checks).toBe(2);
    });

    it('cancels a download that a check started just as the call began', async () => {
      const { updater, autoUpdater } = setup();
      updater.start();
      await flush();
      let answer!: () => void;
      autoUpdater.next = () =>
        new Promise((resolve) => {
          answer = () =>
            resolve({
              downloadPromise: new Promise(() => undefined),
              cancellationToken: { cancel: () => (autoUpdater.cancels += 1) },
            });
        });
      const checking = updater.check();
      updater.setCallActive(true);
      answer();
      await checking;
      expect(autoUpdater.cancels).toBe(1);
    });

    it('starts the app with no install on quit when a call is already running', () => {
      const { updater, autoUpdater } = setup();
      updater.setCallActive(true);
      updater.start();
      expect(autoUpdater.autoInstallOnAppQuit).toBe(false);
      expect(autoUpdater.checks).toBe(0);
    });

    it('never restarts to install: installNow is refused during a call', async () => {
      const { updater, autoUpdater, log } = setup();
      const download = autoUpdater.scriptDownload();
      updater.start();
      await flush();
      expect(updater.installNow()).toBe('nothing-to-install');
      autoUpdater.emit('update-downloaded', { version: '1.2.0' });
      download.resolve();
      await flush();
      expect(updater.state).toBe('downloaded');
      updater.setCallActive(true);
      expect(updater.installNow()).toBe('deferred');
      expect(autoUpdater.installs).toBe(0);
      expect(log).toHaveBeenCalledWith(
        '[updates] not restarting during a call; the update installs on quit',
      );
      updater.setCallActive(false);
      await flush();
      expect(autoUpdater.installs).toBe(0);
      expect(updater.installNow()).toBe('installing');
      expect(autoUpdater.installs).toBe(1);
    });
  });

  it('logs what it finds and downloads', () => {
    const { updater, autoUpdater, log } = setup();
    updater.start();
    autoUpdater.emit('update-available', { version: '1.2.0' });
    autoUpdater.emit('update-downloaded', { version: '1.2.0' });
    expect(log).toHaveBeenCalledWith('[updates] version 1.2.0 available, downloading');
    expect(log).toHaveBeenCalledWith(
      '[updates] version 1.2.0 downloaded; it installs when the app quits',
    );
  });
});

describe('Updater status for the renderer', () => {
  it('tells listeners when an update is ready and when a call holds it back', () => {
    const { updater, autoUpdater } = setup();
    updater.start();
    const seen: unknown[] = [];
    const off = updater.onStatus((status) => seen.push(status));
    expect(updater.getStatus()).toEqual({ state: 'idle', callActive: false });
    autoUpdater.emit('update-downloaded', { version: '1.2.0' });
    updater.setCallActive(true);
    updater.setCallActive(true); // no change, no announcement
    off();
    updater.setCallActive(false);
    expect(seen).toEqual([
      { state: 'downloaded', version: '1.2.0', callActive: false },
      { state: 'downloaded', version: '1.2.0', callActive: true },
    ]);
    expect(updater.getStatus()).toEqual({
      state: 'downloaded',
      version: '1.2.0',
      callActive: false,
    });
  });

  it('says "off" and announces nothing when updates are off', () => {
    const { updater } = setup({ enabled: false });
    updater.start();
    const listener = vi.fn();
    updater.onStatus(listener);
    updater.setCallActive(true);
    expect(updater.getStatus()).toEqual({ state: 'off', callActive: true });
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps announcing when one listener throws', () => {
    const { updater, autoUpdater, log } = setup();
    updater.start();
    const second = vi.fn();
    updater.onStatus(() => {
      throw new Error('window gone');
    });
    updater.onStatus(second);
    autoUpdater.emit('update-downloaded', { version: '1.2.0' });
    expect(second).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith('[updates] a status listener failed: window gone');
  });
});
