import { registerShellCache } from './shell-cache';

function fakeNavigator(register: (url: string) => Promise<unknown>) {
  return { serviceWorker: { register } } as unknown as Pick<Navigator, 'serviceWorker'>;
}

describe('registerShellCache', () => {
  it('registers the service worker in the browser host over http', async () => {
    const register = vi.fn(() => Promise.resolve({}));
    expect(await registerShellCache({ kind: 'browser' }, fakeNavigator(register), 'http:')).toBe(
      true,
    );
    expect(register).toHaveBeenCalledWith('./service-worker.js', { scope: './' });
  });

  it('never registers in Electron or on other schemes', async () => {
    const register = vi.fn(() => Promise.resolve({}));
    expect(await registerShellCache({ kind: 'electron' }, fakeNavigator(register), 'app:')).toBe(
      false,
    );
    expect(await registerShellCache({ kind: 'browser' }, fakeNavigator(register), 'file:')).toBe(
      false,
    );
    expect(register).not.toHaveBeenCalled();
  });

  it('reports false, without throwing, when registration fails', async () => {
    const register = vi.fn(() => Promise.reject(new Error('blocked')));
    expect(await registerShellCache({ kind: 'browser' }, fakeNavigator(register), 'https:')).toBe(
      false,
    );
  });
});
