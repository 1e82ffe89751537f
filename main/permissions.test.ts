import { describe, expect, it } from 'vitest';
import type { PermissionSession } from './permissions';
import { installPermissionHandlers, isPermissionAllowed } from './permissions';

type Handlers = {
  request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
  check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
  device?: Parameters<PermissionSession['setDevicePermissionHandler']>[0];
};

function install(): Required<{ [K in keyof Handlers]: NonNullable<Handlers[K]> }> {
  const handlers: Handlers = {};
  const session: PermissionSession = {
    setPermissionRequestHandler: (h) => (handlers.request = h),
    setPermissionCheckHandler: (h) => (handlers.check = h),
    setDevicePermissionHandler: (h) => (handlers.device = h),
  };
  installPermissionHandlers(session);
  if (!handlers.request || !handlers.check || !handlers.device) throw new Error('not installed');
  return { request: handlers.request, check: handlers.check, device: handlers.device };
}

const webContents = {} as never;

function request(
  permission: Parameters<ReturnType<typeof install>['request']>[1],
  requestingUrl: string,
  mediaTypes?: ('audio' | 'video')[],
): boolean {
  const { request: handler } = install();
  let granted: boolean | undefined;
  handler(
    webContents,
    permission,
    (g) => (granted = g),
    mediaTypes
      ? { isMainFrame: true, requestingUrl, mediaTypes }
      : { isMainFrame: true, requestingUrl },
  );
  if (granted === undefined) throw new Error('callback not called');
  return granted;
}

describe('permission request handler', () => {
  it('grants camera and microphone to the app origin', () => {
    expect(request('media', 'app://workstation/index.html', ['audio', 'video'])).toBe(true);
  });

  it('grants fullscreen and sanitized clipboard writes to the app origin', () => {
    expect(request('fullscreen', 'app://workstation/index.html')).toBe(true);
    expect(request('clipboard-sanitized-write', 'app://workstation/index.html')).toBe(true);
  });

  it('denies media to any other origin, including look-alikes and the sandbox', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:4000/authorize',
      'app://workstation.evil/',
      'app://other/',
      'file:///index.html',
      'about:srcdoc',
      '',
    ]) {
      expect(request('media', url, ['video'])).toBe(false);
    }
  });

  it('allows screen sharing to the app origin only', () => {
    expect(request('display-capture', 'app://workstation/index.html')).toBe(true);
    expect(request('display-capture', 'https://evil.example/')).toBe(false);
  });

  it('denies everything not in the table, even for the app origin', () => {
    for (const permission of [
      'geolocation',
      'notifications', // main shows the knock (main/attention.ts)
      'clipboard-read',
      'openExternal',
      'midiSysex',
      'hid',
      'serial',
      'usb',
      'pointerLock',
      'unknown',
    ] as const) {
      expect(request(permission, 'app://workstation/index.html')).toBe(false);
    }
  });
});

describe('permission check handler', () => {
  it('answers with the same table for the requesting origin', () => {
    const { check } = install();
    const details = { isMainFrame: true };
    expect(check(webContents, 'media', 'app://workstation', details)).toBe(true);
    expect(check(webContents, 'media', 'https://evil.example', details)).toBe(false);
    expect(check(webContents, 'notifications', 'app://workstation', details)).toBe(false);
    expect(check(webContents, 'display-capture', 'https://evil.example', details)).toBe(false);
    expect(check(null, 'geolocation', 'app://workstation', details)).toBe(false);
  });
});

describe('device permission handler', () => {
  it('denies every device', () => {
    const { device } = install();
    expect(device({ deviceType: 'usb', origin: 'app://workstation', device: {} as never })).toBe(
      false,
    );
  });
});

describe('isPermissionAllowed', () => {
  it('refuses media requests that ask for more than audio and video', () => {
    expect(isPermissionAllowed('media', 'app://workstation', ['audio', 'screen'])).toBe(false);
    expect(isPermissionAllowed('media', 'app://workstation', ['audio'])).toBe(true);
    expect(isPermissionAllowed('media', undefined)).toBe(false);
  });
});
