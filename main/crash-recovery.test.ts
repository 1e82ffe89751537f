import { describe, expect, it, vi } from 'vitest';
import { isAppOrigin } from './app-origin';
import { CrashRecovery, type CrashRecoveryDeps, type RecoverableContents } from './crash-recovery';
import { FakeEmitter } from './testing/fake-electron';

const ENTRY = 'app://workstation/index.html';

class FakeContents extends FakeEmitter implements RecoverableContents {
  url = '';
  loads: string[] = [];
  destroyed = false;
  failLoad = false;
  getURL(): string {
    return this.url;
  }
  loadURL(url: string): Promise<void> {
    this.loads.push(url);
    this.url = url;
    return this.failLoad ? Promise.reject(new Error('ERR_FAILED')) : Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  navigate(url: string): void {
    this.url = url;
    this.emitPreventable('did-navigate', url, 200, 'OK');
  }
  navigateInPage(url: string, isMainFrame = true): void {
    if (isMainFrame) this.url = url;
    this.emitPreventable('did-navigate-in-page', url, isMainFrame, 1, 1);
  }
  gone(reason: string, exitCode = 1): void {
    this.emitPreventable('render-process-gone', { reason, exitCode });
  }
}

function setup(overrides: Partial<CrashRecoveryDeps> = {}) {
  const contents = new FakeContents();
  let clock = 1_000_000;
  const ask = vi.fn<CrashRecoveryDeps['askAfterRepeatedCrashes']>(() => Promise.resolve('retry'));
  const quit = vi.fn();
  const log = vi.fn<(line: string) => void>();
  const recovery = new CrashRecovery({
    contents,
    entryUrl: ENTRY,
    isAppUrl: isAppOrigin,
    askAfterRepeatedCrashes: ask,
    quit,
    log,
    now: () => clock,
    ...overrides,
  }).install();
  const advance = (ms: number) => {
    clock += ms;
  };
  return { contents, recovery, ask, quit, log, advance };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CrashRecovery', () => {
  it('reloads the last route after a crash', async () => {
    const { contents, recovery } = setup();
    contents.navigate(ENTRY);
    contents.navigateInPage(`${ENTRY}#/patient/p-42/monitoring`);
    contents.url = ''; // a crashed renderer may report nothing
    await expect(recovery.handleGone({ reason: 'crashed', exitCode: 11 })).resolves.toBe(
      'restored-route',
    );
    expect(contents.loads).toEqual([`${ENTRY}#/patient/p-42/monitoring`]);
  });

  it('reacts to the real event, for every abnormal reason but not for a clean exit', async () => {
    const { contents } = setup();
    contents.navigate(`${ENTRY}#/monitoring`);
    contents.gone('clean-exit', 0);
    await flush();
    expect(contents.loads).toEqual([]);
    contents.gone('oom');
    await flush();
    expect(contents.loads).toEqual([`${ENTRY}#/monitoring`]);
  });

  it('remembers only the app’s own main-frame pages', async () => {
    const { contents, recovery } = setup();
    contents.navigate(`${ENTRY}#/ips`);
    contents.navigateInPage('https://evil.example/#/patient/1', false);
    contents.navigate('https://evil.example/phish');
    contents.navigate('app://workstation.evil.example/index.html');
    await recovery.handleGone({ reason: 'crashed', exitCode: 1 });
    expect(contents.loads).toEqual([`${ENTRY}#/ips`]);
  });

  it('falls back to getURL, then to the start page', async () => {
    const first = setup();
    first.contents.url = `${ENTRY}#/search`;
    await first.recovery.handleGone({ reason: 'killed', exitCode: 9 });
    expect(first.contents.loads).toEqual([`${ENTRY}#/search`]);
    const second = setup();
    second.contents.url = 'https://elsewhere.example/';
    await second.recovery.handleGone({ reason: 'crashed', exitCode: 1 });
    expect(second.contents.loads).toEqual([ENTRY]);
  });

  it('second crash in the window → start page; third → asks instead of looping', async () => {
    const { contents, recovery, ask } = setup();
    contents.navigate(`${ENTRY}#/patient/p-1`);
    expect(await recovery.handleGone({ reason: 'crashed', exitCode: 1 })).toBe('restored-route');
    expect(await recovery.handleGone({ reason: 'crashed', exitCode: 1 })).toBe('reloaded-start');
    expect(await recovery.handleGone({ reason: 'crashed', exitCode: 1 })).toBe('asked-user');
    expect(ask).toHaveBeenCalledExactlyOnceWith({ crashes: 3, reason: 'crashed' });
    expect(contents.loads).toEqual([`${ENTRY}#/patient/p-1`, ENTRY, ENTRY]);
    // "Try again" starts counting afresh.
    expect(await recovery.handleGone({ reason: 'crashed', exitCode: 1 })).toBe('restored-route');
  });

  it('counts only crashes within the window', async () => {
    const { contents, recovery, advance, ask } = setup({ windowMs: 60_000 });
    contents.navigate(`${ENTRY}#/monitoring`);
    for (let i = 0; i < 5; i += 1) {
      expect(await recovery.handleGone({ reason: 'crashed', exitCode: 1 })).toBe('restored-route');
      advance(60_000);
    }
    expect(ask).not.toHaveBeenCalled();
  });

  it('quits when the user chooses to, and when the dialog itself fails', async () => {
    const quitting = setup({
      maxCrashes: 1,
      askAfterRepeatedCrashes: () => Promise.resolve('quit'),
    });
    await quitting.recovery.handleGone({ reason: 'crashed', exitCode: 1 });
    expect(quitting.quit).toHaveBeenCalledOnce();
    expect(quitting.contents.loads).toEqual([]);
    const broken = setup({
      maxCrashes: 1,
      askAfterRepeatedCrashes: () => Promise.reject(new Error('no display')),
    });
    await broken.recovery.handleGone({ reason: 'crashed', exitCode: 1 });
    expect(broken.quit).toHaveBeenCalledOnce();
  });

  it('asks at once on an integrity failure (a reload would fail the same way)', async () => {
    const { recovery, ask, contents } = setup();
    expect(await recovery.handleGone({ reason: 'integrity-failure', exitCode: 1 })).toBe(
      'asked-user',
    );
    expect(ask).toHaveBeenCalledWith({ crashes: 1, reason: 'integrity-failure' });
    expect(contents.loads).toEqual([ENTRY]);
  });

  it('does nothing for a destroyed window, and ignores crashes while the dialog is open', async () => {
    const destroyed = setup();
    destroyed.contents.destroyed = true;
    expect(await destroyed.recovery.handleGone({ reason: 'crashed', exitCode: 1 })).toBe('ignored');
    let answer!: (a: 'retry' | 'quit') => void;
    const asking = setup({
      maxCrashes: 1,
      askAfterRepeatedCrashes: () => new Promise((resolve) => (answer = resolve)),
    });
    const first = asking.recovery.handleGone({ reason: 'crashed', exitCode: 1 });
    expect(await asking.recovery.handleGone({ reason: 'crashed', exitCode: 1 })).toBe('ignored');
    answer('retry');
    expect(await first).toBe('asked-user');
    expect(asking.contents.loads).toEqual([ENTRY]);
  });

  it('logs the crash and a failed reload, never the URL (its route names the patient)', async () => {
    const { contents, recovery, log } = setup();
    contents.navigate(`${ENTRY}#/patient/p-secret-7`);
    contents.failLoad = true;
    await recovery.handleGone({ reason: 'crashed', exitCode: 139 });
    await flush();
    expect(log.mock.calls.map(([line]) => line)).toEqual([
      '[crash] renderer gone (crashed, exit code 139); 1 in the last 5 min',
      '[crash] reloading the app, restoring the last view',
      '[crash] reload failed: Error: ERR_FAILED',
    ]);
  });
});
