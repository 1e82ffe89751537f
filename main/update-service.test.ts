import { describe, expect, it, vi } from 'vitest';
import { FakeAutoUpdater } from './testing/fake-auto-updater';
import { startUpdateService } from './update-service';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function deps(loadAutoUpdater: () => Promise<FakeAutoUpdater>) {
  const quitListeners: (() => void)[] = [];
  const log = vi.fn<(line: string) => void>();
  return {
    quitListeners,
    log,
    deps: {
      settings: { enabled: true },
      isPackaged: true,
      loadAutoUpdater,
      onWillQuit: (listener: () => void) => quitListeners.push(listener),
      log,
    },
  };
}

describe('startUpdateService', () => {
  it('reports status changes and installs a downloaded update on request', async () => {
    const autoUpdater = new FakeAutoUpdater();
    const { deps: d, quitListeners } = deps(() => Promise.resolve(autoUpdater));
    const service = await startUpdateService(d);
    const seen: unknown[] = [];
    service.onStatus((status) => seen.push(status));
    expect(service.getStatus()).toEqual({ state: 'idle', callActive: false });

    autoUpdater.emit('update-downloaded', { version: '2.0.1' });
    service.setCallActive(true);
    expect(service.installNow()).toBe('deferred');
    service.setCallActive(false);
    await flush();
    expect(seen).toEqual([
      { state: 'downloaded', version: '2.0.1', callActive: false },
      { state: 'downloaded', version: '2.0.1', callActive: true },
      { state: 'downloaded', version: '2.0.1', callActive: false },
    ]);
    expect(service.installNow()).toBe('installing');
    expect(autoUpdater.installs).toBe(1);
    expect(quitListeners).toHaveLength(1);
  });

  it('is off, not broken, when electron-updater cannot load', async () => {
    const { deps: d, log } = deps(() => Promise.reject(new Error('no app-update.yml')));
    const service = await startUpdateService(d);
    service.setCallActive(true);
    expect(service.getStatus()).toEqual({ state: 'off', callActive: true });
    expect(service.installNow()).toBe('nothing-to-install');
    expect(log).toHaveBeenCalledWith(
      '[updates] off: electron-updater could not start: Error: no app-update.yml',
    );
  });
});
