/**
 * The implementation behind each IPC channel: small adapters from the contract to the main
 * modules. Validation and the sender check happen before these run (ipc.ts).
 */
import type { AppConfig } from '../shared/config/app-config';
import type { InvokeResponse } from '../shared/ipc/contract';
import type { Attention } from './attention';
import { toExternalUrl } from './app-origin';
import type { AuditFile } from './audit-file';
import type { LaunchInbox } from './deep-link';
import type { InvokeImplementations } from './ipc';
import type { LoopbackRegistry } from './smart-loopback';
import type { UpdateService } from './update-service';
import type { UserSettingsFile } from './user-settings-file';
import type { SecretVault } from './vault';

export interface InvokeHandlerDeps {
  version: string;
  platform: string;
  vault: Pick<SecretVault, 'get' | 'set' | 'delete' | 'persistent'>;
  getConfig: () => AppConfig;
  loopback: Pick<LoopbackRegistry, 'open' | 'wait'>;
  /** `shell.openExternal`. */
  openExternal: (url: string) => Promise<void>;
  launches: Pick<LaunchInbox, 'take'>;
  attention: Pick<Attention, 'notify'>;
  /** The append-only audit file (audit-file.ts). */
  audit: Pick<AuditFile, 'append' | 'list'>;
  /** `printViewToPdf` bound to the app window (print.ts). */
  printView: (suggestedFileName: string) => Promise<InvokeResponse<'print:view'>>;
  updates: Pick<UpdateService, 'setCallActive' | 'getStatus' | 'installNow'>;
  /** The user's own settings file (user-settings-file.ts). */
  settings: Pick<UserSettingsFile, 'snapshot' | 'save'>;
}

export function createInvokeHandlers(deps: InvokeHandlerDeps): InvokeImplementations {
  return {
    'app:info': () => ({
      version: deps.version,
      platform: deps.platform,
      secretsPersistent: deps.vault.persistent,
    }),
    'config:get': () => deps.getConfig(),
    'secrets:get': ({ key }) => deps.vault.get(key),
    'secrets:set': async ({ key, value }) => {
      await deps.vault.set(key, value);
      return null;
    },
    'secrets:delete': async ({ key }) => {
      await deps.vault.delete(key);
      return null;
    },
    'smart:loopback-start': () => deps.loopback.open(),
    'smart:loopback-wait': ({ listenerId, timeoutMs }) => deps.loopback.wait(listenerId, timeoutMs),
    'shell:open-external': async ({ url }) => {
      // RFC 8252 §8.12: only web URLs go to the system browser, never file: or app schemes.
      const checked = toExternalUrl(url, { allowLoopbackHttp: true });
      if (checked === undefined)
        throw new Error('Only https and mailto links (http only to this computer) can be opened');
      await deps.openExternal(checked);
      return null;
    },
    'launch:pending': () => deps.launches.take(),
    'app:notify': (note) => deps.attention.notify(note),
    'audit:append': async (entry) => {
      await deps.audit.append(entry);
      return null;
    },
    'audit:list': (options) => deps.audit.list(options),
    'print:view': ({ suggestedFileName }) => deps.printView(suggestedFileName),
    'updates:set-call-active': ({ active }) => {
      deps.updates.setCallActive(active);
      return null;
    },
    'updates:status': () => deps.updates.getStatus(),
    'updates:install-now': () => deps.updates.installNow(),
    'settings:get': () => deps.settings.snapshot(),
    'settings:save': (patch) => deps.settings.save(patch),
  };
}
