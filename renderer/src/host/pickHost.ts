import type { WorkstationBridge } from '../../../shared/ipc/contract';
import { BrowserHost } from './BrowserHost';
import { ElectronHost } from './ElectronHost';
import type { Host } from './Host';

/** The parts of `window` the host choice depends on. */
export interface HostWindow {
  workstation?: WorkstationBridge;
  location: { origin: string };
  fetch: typeof fetch;
  sessionStorage?: Storage;
  localStorage?: Storage;
  open: (url: string, target: string, features: string) => unknown;
  document?: { readonly hidden: boolean; title: string };
  Notification?: typeof Notification;
  focus?: () => void;
  indexedDB?: IDBFactory;
  print?: () => void;
}

function isBridge(value: unknown): value is WorkstationBridge {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<WorkstationBridge>).invoke === 'function' &&
    typeof (value as Partial<WorkstationBridge>).on === 'function'
  );
}

/**
 * Picks the host at start: Electron when the preload bridge exists, the browser otherwise
 * (element-web's platform choice).
 */
export function pickHost(win: HostWindow): Host {
  if (isBridge(win.workstation)) return new ElectronHost(win.workstation);
  return new BrowserHost({
    origin: win.location.origin,
    fetch: win.fetch.bind(win),
    sessionStorage: win.sessionStorage,
    ...withLocalStorage(win),
    open: (url, target, features) => win.open(url, target, features),
    notifications: {
      isHidden: () => win.document?.hidden ?? false,
      Notification: win.Notification,
      focus: () => win.focus?.(),
    },
    indexedDB: win.indexedDB,
    ...(win.print ? { print: () => win.print?.() } : {}),
    ...(win.document ? { document: win.document } : {}),
  });
}

/** `localStorage`, or nothing where reading it throws (sandboxed frames, some private modes). */
function withLocalStorage(win: HostWindow): { localStorage?: Storage } {
  try {
    return win.localStorage ? { localStorage: win.localStorage } : {};
  } catch {
    return {};
  }
}
