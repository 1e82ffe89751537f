/**
 * Registers the browser host's service worker (renderer/public/service-worker.js), which keeps
 * the app shell loadable during an outage. Electron loads the app from its own app:// scheme
 * and needs none.
 */
import type { Host } from './Host';

export async function registerShellCache(
  host: Pick<Host, 'kind'>,
  nav: Pick<Navigator, 'serviceWorker'> | undefined = typeof navigator === 'undefined'
    ? undefined
    : navigator,
  protocol: string = typeof location === 'undefined' ? '' : location.protocol,
): Promise<boolean> {
  if (host.kind !== 'browser') return false;
  if (protocol !== 'http:' && protocol !== 'https:') return false;
  if (!nav || !('serviceWorker' in nav)) return false;
  try {
    await nav.serviceWorker.register('./service-worker.js', { scope: './' });
    return true;
  } catch {
    // Without it the app still works online; only reload-while-offline is lost.
    return false;
  }
}
