import { describe, expect, it, vi } from 'vitest';
import type { EhrLaunch } from './deep-link';
import {
  findDeepLink,
  LaunchInbox,
  parseLaunchDeepLink,
  setupSingleInstanceAndDeepLinks,
} from './deep-link';
import { FakeApp, FakeBrowserWindow } from './testing/fake-electron';

const LINK = 'clinician-workstation://launch?iss=https%3A%2F%2Fehr.example%2Ffhir&launch=abc123';
const LAUNCH: EhrLaunch = { iss: 'https://ehr.example/fhir', launch: 'abc123' };

describe('parseLaunchDeepLink', () => {
  it('accepts a launch link with an http(s) iss', () => {
    expect(parseLaunchDeepLink(LINK)).toEqual({ ok: true, value: LAUNCH });
    expect(
      parseLaunchDeepLink(
        'clinician-workstation://launch/?iss=http://127.0.0.1:4000/fhir&launch=x',
      ),
    ).toEqual({ ok: true, value: { iss: 'http://127.0.0.1:4000/fhir', launch: 'x' } });
  });

  it.each([
    ['clinician-workstation://launch?iss=javascript:alert(1)&launch=x', 'iss'],
    ['clinician-workstation://launch?iss=file:///etc/passwd&launch=x', 'iss'],
    ['clinician-workstation://launch?iss=https://u:p@ehr.example/fhir&launch=x', 'credentials'],
    ['clinician-workstation://launch?iss=https://ehr.example/fhir', 'launch'],
    ['clinician-workstation://launch?launch=x', 'iss'],
    ['clinician-workstation://settings?iss=https://ehr.example&launch=x', 'launch link'],
    ['clinician-workstation://launch/other?iss=https://ehr.example&launch=x', 'path'],
    ['other-app://launch?iss=https://ehr.example&launch=x', 'launch link'],
    ['not a url', 'not a URL'],
  ])('refuses %s', (link, reason) => {
    const result = parseLaunchDeepLink(link);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });
});

describe('findDeepLink', () => {
  it('finds the link among Chromium switches', () => {
    expect(findDeepLink(['/opt/app/clinician', '--no-sandbox', LINK])).toBe(LINK);
    expect(findDeepLink(['/opt/app/clinician', '--flag'])).toBeUndefined();
  });
});

describe('LaunchInbox', () => {
  it('holds the cold-start launch until the renderer takes it, then pushes', () => {
    const push = vi.fn();
    const inbox = new LaunchInbox(push);
    inbox.receive({ iss: 'https://old.example/fhir', launch: 'old' });
    inbox.receive(LAUNCH);
    expect(push).not.toHaveBeenCalled();
    expect(inbox.take()).toEqual(LAUNCH);
    expect(inbox.take()).toBeNull();
    inbox.receive(LAUNCH);
    expect(push).toHaveBeenCalledExactlyOnceWith(LAUNCH);
    inbox.rendererReset();
    inbox.receive({ iss: 'https://x.example/fhir', launch: 'later' });
    expect(push).toHaveBeenCalledTimes(1);
    expect(inbox.take()).toEqual({ iss: 'https://x.example/fhir', launch: 'later' });
  });
});

function setup(options: { hasLock?: boolean; argv?: string[]; defaultApp?: boolean } = {}) {
  const app = new FakeApp(options.hasLock ?? true);
  const window = new FakeBrowserWindow({});
  const push = vi.fn();
  const inbox = new LaunchInbox(push);
  const log = vi.fn();
  const primary = setupSingleInstanceAndDeepLinks({
    app,
    argv: options.argv ?? ['/opt/clinician-workstation/clinician-workstation'],
    defaultApp: options.defaultApp ?? false,
    execPath: '/opt/electron/electron',
    inbox,
    getWindow: () => window,
    log,
  });
  return { app, window, inbox, push, primary, log };
}

describe('setupSingleInstanceAndDeepLinks', () => {
  it('quits when another instance holds the lock, registering nothing', () => {
    const { app, primary } = setup({ hasLock: false });
    expect(primary).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(app.protocolClients).toEqual([]);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('registers the scheme (with the entry script when run as `electron .`)', () => {
    expect(setup().app.protocolClients).toEqual([{ protocol: 'clinician-workstation' }]);
    const dev = setup({ defaultApp: true, argv: ['/opt/electron/electron', 'out/main/index.js'] });
    expect(dev.app.protocolClients).toEqual([
      {
        protocol: 'clinician-workstation',
        path: '/opt/electron/electron',
        args: [expect.stringMatching(/\/out\/main\/index\.js$/)],
      },
    ]);
  });

  it('takes a launch from the first instance argv (cold start on Windows/Linux)', () => {
    const { inbox } = setup({ argv: ['/opt/cw/cw', LINK] });
    expect(inbox.take()).toEqual(LAUNCH);
  });

  it('focuses the window and forwards the link of a second instance', () => {
    const { app, window, inbox, push } = setup();
    inbox.take();
    window.minimized = true;
    app.emitPreventable('second-instance', ['/opt/cw/cw', '--x', LINK], '/home/u');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(push).toHaveBeenCalledExactlyOnceWith(LAUNCH);
  });

  it('handles macOS open-url and prevents the default handling', () => {
    const { app, inbox, push } = setup();
    inbox.take();
    expect(app.emitPreventable('open-url', LINK).prevented).toBe(true);
    expect(push).toHaveBeenCalledExactlyOnceWith(LAUNCH);
  });

  it('drops invalid links with a log line', () => {
    const { app, inbox, push, log } = setup();
    inbox.take();
    app.emitPreventable('open-url', 'clinician-workstation://launch?iss=javascript:x&launch=1');
    app.emitPreventable('second-instance', ['/opt/cw/cw'], '/');
    expect(push).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('ignored launch link'));
  });
});
