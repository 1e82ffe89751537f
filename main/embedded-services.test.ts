import { describe, expect, it, vi } from 'vitest';
import type { StartSandbox, StartSignaling } from './embedded-services';
import { EmbeddedServices, stopServicesOnQuit } from './embedded-services';
import { FakeApp } from './testing/fake-electron';

function fakeStarter(fail = 0) {
  const close = vi.fn(() => Promise.resolve());
  let failures = fail;
  const start = vi.fn<StartSandbox>(() => {
    if (failures > 0) {
      failures -= 1;
      return Promise.reject(new Error('port in use'));
    }
    return Promise.resolve({
      origin: 'http://127.0.0.1:4100',
      fhirBaseUrl: 'http://127.0.0.1:4100/fhir',
      close,
    });
  });
  return { start, close };
}

describe('EmbeddedServices', () => {
  it('starts signaling trusting the sandbox tokens, and stops both', async () => {
    const { start, close } = fakeStarter();
    const closeSignaling = vi.fn(() => Promise.resolve());
    const startSignaling = vi.fn(() =>
      Promise.resolve({ url: 'http://127.0.0.1:4200', close: closeSignaling }),
    );
    const services = new EmbeddedServices({
      startSandbox: start,
      startSignaling,
      appLaunchUrl: 'x://launch',
    });
    const running = await services.start();
    expect(running.signalingUrl).toBe('http://127.0.0.1:4200');
    expect(startSignaling).toHaveBeenCalledExactlyOnceWith({
      issuer: 'http://127.0.0.1:4100/fhir',
      jwksUrl: 'http://127.0.0.1:4100/auth/jwks',
      corsOrigins: ['app://workstation'],
    });
    await services.stop();
    expect(closeSignaling).toHaveBeenCalledOnce();
    expect(close).toHaveBeenCalledOnce();
  });

  it('prepares the companion for the sandbox, hands it to signaling and releases it on stop', async () => {
    const { start } = fakeStarter();
    const events: string[] = [];
    const companion = {
      options: {
        fhirBaseUrl: 'http://127.0.0.1:4100/fhir',
        clientId: 'signaling-companion',
        key: { privateKey: new Uint8Array(1), kid: 'k', alg: 'ES384' as const },
      },
      release: () => events.push('released'),
    };
    const prepareCompanion = vi.fn(() => Promise.resolve(companion));
    const startSignaling = vi.fn(() =>
      Promise.resolve({
        url: 'http://127.0.0.1:4200',
        close: () => {
          events.push('signaling closed');
          return Promise.resolve();
        },
      }),
    );
    const services = new EmbeddedServices({
      startSandbox: start,
      startSignaling,
      prepareCompanion,
      appLaunchUrl: 'x://launch',
    });
    await services.start();
    expect(prepareCompanion).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ fhirBaseUrl: 'http://127.0.0.1:4100/fhir' }),
    );
    expect(startSignaling).toHaveBeenCalledExactlyOnceWith({
      issuer: 'http://127.0.0.1:4100/fhir',
      jwksUrl: 'http://127.0.0.1:4100/auth/jwks',
      corsOrigins: ['app://workstation'],
      companion: companion.options,
    });
    await services.stop();
    // The registration goes only after the service using it has stopped.
    expect(events).toEqual(['signaling closed', 'released']);
  });

  it('runs signaling without monitoring links when the companion cannot be prepared', async () => {
    const { start } = fakeStarter();
    const lines: string[] = [];
    const startSignaling = vi.fn<StartSignaling>(() =>
      Promise.resolve({ url: 'http://127.0.0.1:4200', close: () => Promise.resolve() }),
    );
    const services = new EmbeddedServices({
      startSandbox: start,
      startSignaling,
      prepareCompanion: () => Promise.reject(new Error('no crypto')),
      appLaunchUrl: 'x://launch',
      log: (l) => lines.push(l),
    });
    expect((await services.start()).signalingUrl).toBe('http://127.0.0.1:4200');
    expect(startSignaling.mock.calls[0]?.[0]).not.toHaveProperty('companion');
    expect(lines.join('\n')).toMatch(/monitoring links unavailable.*no crypto/);
  });

  it('releases the companion when signaling fails to start', async () => {
    const { start } = fakeStarter();
    const release = vi.fn();
    const services = new EmbeddedServices({
      startSandbox: start,
      startSignaling: () => Promise.reject(new Error('EADDRINUSE')),
      prepareCompanion: () =>
        Promise.resolve({
          options: {
            fhirBaseUrl: 'http://127.0.0.1:4100/fhir',
            clientId: 'c',
            key: { privateKey: new Uint8Array(1), kid: 'k', alg: 'ES384' as const },
          },
          release,
        }),
      appLaunchUrl: 'x://launch',
    });
    await services.start();
    expect(release).toHaveBeenCalledOnce();
    await services.stop();
    expect(release).toHaveBeenCalledOnce();
  });

  it('a signaling service that fails to start leaves the sandbox running, without consults', async () => {
    const { start } = fakeStarter();
    const lines: string[] = [];
    const services = new EmbeddedServices({
      startSandbox: start,
      startSignaling: () => Promise.reject(new Error('EADDRINUSE')),
      appLaunchUrl: 'x://launch',
      log: (l) => lines.push(l),
    });
    const running = await services.start();
    expect(running.fhirBaseUrl).toBe('http://127.0.0.1:4100/fhir');
    expect(running.signalingUrl).toBeUndefined();
    expect(lines.join('\n')).toMatch(/signaling did not start.*EADDRINUSE/);
  });

  it('starts the sandbox once with the deep-link launch URL', async () => {
    const { start } = fakeStarter();
    const services = new EmbeddedServices({
      startSandbox: start,
      appLaunchUrl: 'clinician-workstation://launch',
      dataDirs: ['/data'],
    });
    const [a, b] = await Promise.all([services.start(), services.start()]);
    expect(a).toBe(b);
    expect(start).toHaveBeenCalledExactlyOnceWith({
      appLaunchUrl: 'clinician-workstation://launch',
      corsOrigins: ['app://workstation'],
      dataDirs: ['/data'],
    });
    expect(a.fhirBaseUrl).toBe('http://127.0.0.1:4100/fhir');
  });

  it('lets a failed start be retried', async () => {
    const { start } = fakeStarter(1);
    const services = new EmbeddedServices({ startSandbox: start, appLaunchUrl: 'x://launch' });
    await expect(services.start()).rejects.toThrow('port in use');
    await expect(services.start()).resolves.toMatchObject({ origin: 'http://127.0.0.1:4100' });
  });

  it('stops once and refuses to start again while shutting down', async () => {
    const { start, close } = fakeStarter();
    const services = new EmbeddedServices({ startSandbox: start, appLaunchUrl: 'x://launch' });
    await services.start();
    await Promise.all([services.stop(), services.stop()]);
    expect(close).toHaveBeenCalledTimes(1);
    await expect(services.start()).rejects.toThrow('shutting down');
  });

  it('stops cleanly when nothing was started', async () => {
    const { start } = fakeStarter();
    const services = new EmbeddedServices({ startSandbox: start, appLaunchUrl: 'x://launch' });
    await expect(services.stop()).resolves.toBeUndefined();
    expect(start).not.toHaveBeenCalled();
  });
});

describe('stopServicesOnQuit', () => {
  it('holds the first will-quit until the sandbox is closed, then quits', async () => {
    const { start, close } = fakeStarter();
    const services = new EmbeddedServices({ startSandbox: start, appLaunchUrl: 'x://launch' });
    await services.start();
    const app = new FakeApp();
    stopServicesOnQuit(app, services);
    expect(app.emitPreventable('will-quit').prevented).toBe(true);
    await vi.waitFor(() => expect(app.quitCalls).toBe(1));
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.emitPreventable('will-quit').prevented).toBe(false);
  });

  it('does not hold quitting when no services run', () => {
    const { start } = fakeStarter();
    const app = new FakeApp();
    stopServicesOnQuit(
      app,
      new EmbeddedServices({ startSandbox: start, appLaunchUrl: 'x://launch' }),
    );
    expect(app.emitPreventable('will-quit').prevented).toBe(false);
    expect(app.quitCalls).toBe(0);
  });
});
