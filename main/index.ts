/**
 * Electron main: the only file that imports `electron`. It wires the injected modules
 * together and holds no logic of its own (each module is unit-tested with fakes).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  desktopCapturer,
  dialog,
  ipcMain,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import electronLog from 'electron-log/node';
import type { AppConfig } from '../shared/config/app-config';
import type { EventChannel, EventPayload } from '../shared/ipc/contract';
import { signalingConnectOrigins } from '../shared/signaling/protocol';
import { APP_ENTRY_URL, isAppOrigin } from './app-origin';
import {
  createAppRequestHandler,
  handleAppProtocol,
  registerAppSchemeAsPrivileged,
} from './app-protocol';
import { managedConfigPath, resolveEffectiveConfig } from './config';
import { buildContentSecurityPolicy, EMBEDDED_CONNECT_ORIGINS } from './csp';
import { DEEP_LINK_SCHEME, LaunchInbox, setupSingleInstanceAndDeepLinks } from './deep-link';
import { Attention } from './attention';
import { AuditFile } from './audit-file';
import { CrashRecovery } from './crash-recovery';
import { DisplayMediaBroker } from './display-media';
import { EmbeddedServices, stopServicesOnQuit } from './embedded-services';
import { createInvokeHandlers } from './invoke-handlers';
import { registerIpcHandlers, sendEvent } from './ipc';
import { createJsonFileStore, readJsonFile } from './json-file-store';
import { configureLog } from './log';
import { installPermissionHandlers } from './permissions';
import { watchSystemLock } from './power';
import { printViewToPdf } from './print';
import { LoopbackRegistry } from './smart-loopback';
import { startUpdateService } from './update-service';
import { UserSettingsFile } from './user-settings-file';
import { SecretVault } from './vault';
import { createHardenedWindow } from './window-factory';

/** Redacted, size-limited file log in `<userData>/logs` (log.ts); also the terminal in development. */
const log = configureLog(electronLog, {
  dir: join(app.getPath('userData'), 'logs'),
  appName: app.getName(),
  console: !app.isPackaged,
});
/** out/main/index.js → out/: renderer and preload are its siblings, in dev and inside app.asar. */
const outDir = join(import.meta.dirname, '..');

// Before `ready`: both are refused afterwards.
app.enableSandbox();
registerAppSchemeAsPrivileged(protocol);

let mainWindow: BrowserWindow | undefined;
const inbox = new LaunchInbox((launch) => {
  if (mainWindow && !mainWindow.isDestroyed())
    sendEvent(mainWindow.webContents, 'launch:ehr', launch);
});

const primary = setupSingleInstanceAndDeepLinks({
  app,
  argv: process.argv,
  defaultApp: process.defaultApp,
  execPath: process.execPath,
  inbox,
  getWindow: () => mainWindow,
  log,
});

if (primary) {
  const services = new EmbeddedServices({
    // Loaded on demand: the sandbox (Medplum router, synthetic data) costs start-up time that
    // a workstation configured for a real server should not pay.
    startSandbox: async (options) =>
      (await import('../server/sandbox/index')).startSandbox(options),
    startSignaling: async ({ issuer, jwksUrl, corsOrigins, companion, log: logLine }) => {
      const [{ startSignalingServer }, { jwksClinicianVerifier }, { randomBytes }] =
        await Promise.all([
          import('../server/signaling/server'),
          import('../server/signaling/clinician-auth'),
          import('node:crypto'),
        ]);
      return startSignalingServer({
        secret: randomBytes(32).toString('base64url'),
        verifyClinician: jwksClinicianVerifier([{ issuer, jwksUrl }]),
        corsOrigins,
        patientPageDir: join(outDir, 'renderer'),
        ...(companion ? { companion } : {}),
        ...(logLine ? { log: logLine } : {}),
      });
    },
    // Patients' monitoring links: signaling reads and writes FHIR as a backend-services client
    // of the embedded sandbox (key generated in memory at start).
    prepareCompanion: async (sandbox) => {
      const [{ embeddedCompanion }, { registerBackendClient }] = await Promise.all([
        import('../server/signaling/companion/embedded'),
        import('../server/sandbox/auth/backend-services'),
      ]);
      return embeddedCompanion(sandbox, registerBackendClient);
    },
    appLaunchUrl: `${DEEP_LINK_SCHEME}://launch`,
    log,
  });
  stopServicesOnQuit(app, services);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(() => start(services))
    .catch((error: unknown) => {
      log(`[main] startup failed: ${String(error)}`);
      dialog.showErrorBox('The workstation could not start', String(error));
      app.quit();
    });
}

async function start(services: EmbeddedServices): Promise<void> {
  const userData = app.getPath('userData');
  const userConfigPath = join(userData, 'config.json');
  const managed = managedConfigPath(process.platform, process.env);
  const effective = await resolveEffectiveConfig({
    files: [
      managed === undefined ? undefined : { path: managed, kind: 'managed' },
      { path: userConfigPath, kind: 'user' },
    ],
    readJson: readJsonFile,
    startEmbedded: () => services.start(),
    showError: (title, message) => dialog.showErrorBox(title, message),
    log,
  });
  const config: AppConfig = effective.config;
  const csp = buildContentSecurityPolicy({
    connectOrigins: [
      ...config.servers.map((s) => s.fhirBaseUrl),
      ...(config.consult ? signalingConnectOrigins(config.consult.signalingUrl) : []),
      'https:',
      ...EMBEDDED_CONNECT_ORIGINS,
    ],
  });
  handleAppProtocol(
    protocol,
    createAppRequestHandler({
      root: join(outDir, 'renderer'),
      contentSecurityPolicy: () => csp,
      log,
    }),
  );
  installPermissionHandlers(session.defaultSession, log);

  const vault = await SecretVault.open({
    safeStorage,
    store: createJsonFileStore(join(userData, 'secrets.json')),
    platform: process.platform,
    log,
  });
  const loopback = new LoopbackRegistry();
  app.on('will-quit', () => void loopback.closeAll());
  const userConfigStore = createJsonFileStore(userConfigPath, 0o600, { indent: 2 });
  const settings = new UserSettingsFile({
    path: userConfigPath,
    managed: effective.sources.managed,
    blocked: effective.blocked,
    initial: config,
    readJson: readJsonFile,
    writeJson: (value) => userConfigStore.write(value),
    log,
  });
  const updates = await startUpdateService({
    // An unusable machine-wide file may be the one that turns updates off: stay off then.
    settings: effective.blocked ? { enabled: false } : config.updates,
    isPackaged: app.isPackaged,
    // CommonJS package: its `autoUpdater` getter is reachable only through the default export.
    loadAutoUpdater: async () => (await import('electron-updater')).default.autoUpdater,
    onWillQuit: (listener) => app.on('will-quit', listener),
    log,
    logger: electronLog,
  });
  updates.onStatus((status) => sendToWindow('updates:status', status));
  watchSystemLock(powerMonitor, (reason) => sendToWindow('system:lock', { reason }), {
    platform: process.platform,
    log,
  });
  const displayMedia = new DisplayMediaBroker({
    session: session.defaultSession,
    desktopCapturer,
    log,
  }).install();
  registerIpcHandlers(
    ipcMain,
    {
      ...createInvokeHandlers({
        version: app.getVersion(),
        platform: process.platform,
        vault,
        getConfig: () => settings.config(),
        loopback,
        openExternal: (url) => shell.openExternal(url),
        launches: inbox,
        attention: new Attention({
          getWindow: () => mainWindow,
          createNotification: (options) => new Notification(options),
          isSupported: () => Notification.isSupported(),
        }),
        audit: new AuditFile({ path: join(userData, 'audit-log.jsonl'), log }),
        printView: (suggestedFileName) => printView(suggestedFileName),
        updates,
        settings,
      }),
      ...displayMedia.invokeHandlers(),
    },
    log,
  );

  mainWindow = openMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = openMainWindow();
  });
}

/** An event to the app window, if it is open. */
function sendToWindow<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
  if (mainWindow && !mainWindow.isDestroyed()) sendEvent(mainWindow.webContents, channel, payload);
}

function openMainWindow(): BrowserWindow {
  const window = createHardenedWindow(
    {
      createWindow: (options) => new BrowserWindow(options),
      openExternal: (url) => shell.openExternal(url),
      preloadPath: join(outDir, 'preload', 'index.cjs'),
      log,
    },
    {
      width: 1280,
      height: 860,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Clinician workstation',
    },
  );
  window.once('ready-to-show', () => window.show());
  new CrashRecovery({
    contents: window.webContents,
    entryUrl: APP_ENTRY_URL,
    isAppUrl: isAppOrigin,
    askAfterRepeatedCrashes: async ({ crashes }) => {
      const { response } = await dialog.showMessageBox(window, {
        type: 'error',
        title: 'Clinician workstation',
        message: 'The workstation keeps stopping',
        detail: `Its window stopped ${String(crashes)} times within a few minutes. Cached records and unsent notes are kept on this computer.`,
        buttons: ['Try again', 'Quit'],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      });
      return response === 0 ? 'retry' : 'quit';
    },
    quit: () => app.quit(),
    log,
  }).install();
  // A reload starts a new renderer that has not asked for its pending launch yet.
  window.webContents.on('did-navigate', () => inbox.rendererReset());
  void window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    log(`[main] could not load ${APP_ENTRY_URL}: ${String(error)}`);
  });
  return window;
}

/** The main window's view as an A4 PDF, saved where the user picks (print.ts). */
function printView(suggestedFileName: string): Promise<'saved' | 'cancelled'> {
  const window = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;
  return printViewToPdf(
    {
      getContents: () => window?.webContents,
      dialog: {
        showSaveDialog: (options) =>
          window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options),
      },
      defaultDir: () => app.getPath('documents'),
      writeFile: (path, data) => writeFile(path, data, { mode: 0o600 }),
      log,
    },
    suggestedFileName,
  );
}
