/**
 * Small hand-written fakes of the Electron pieces main/ modules take as arguments. The real
 * `electron` module cannot load in plain Node (its binary is fetched lazily), so tests pass
 * these instead of mocking modules. Each fake records what was done to it.
 */

type Listener = (...args: never[]) => unknown;

/** A minimal event emitter whose `emit` hands listeners a preventable event. */
export class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.off(event, wrapped);
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }

  off(event: string, listener: Listener): this {
    const list = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      list.filter((l) => l !== listener),
    );
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Calls listeners with `(event, ...args)`; returns whether one called `preventDefault()`. */
  emitPreventable(event: string, ...args: unknown[]): { prevented: boolean; results: unknown[] } {
    const fakeEvent = new FakeEvent();
    const results = (this.listeners.get(event) ?? []).map((listener) =>
      (listener as (...a: unknown[]) => unknown)(fakeEvent, ...args),
    );
    return { prevented: fakeEvent.defaultPrevented, results };
  }
}

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  readonly sent: { channel: string; payload: unknown }[] = [];

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  readonly webContents = new FakeWebContents();
  minimized = false;
  focused = false;
  shown = false;
  destroyed = false;
  loadedUrl: string | undefined;

  constructor(readonly options: unknown) {
    super();
  }

  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
}

type InvokeListener = (
  event: { senderFrame: { url: string } | null },
  ...args: unknown[]
) => Promise<unknown>;

/** `ipcMain` with `invoke(channel, senderUrl, request)` to play the renderer's part. */
export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  }
}

/**
 * `safeStorage` with a reversible fake cipher (so tests can tell ciphertext from plain text)
 * and a settable Linux backend.
 */
export class FakeSafeStorage {
  constructor(
    public available = true,
    public backend: string = 'gnome_libsecret',
  ) {}

  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('encryption unavailable');
    return Buffer.from(`enc:${Buffer.from(plainText, 'utf8').toString('hex')}`, 'utf8');
  }
  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString('utf8');
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext');
    return Buffer.from(text.slice(4), 'hex').toString('utf8');
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
}

/** A JSON file store in memory, recording every write. */
export class MemoryJsonStore {
  readonly writes: unknown[] = [];
  failNextWrite = false;
  constructor(public content?: unknown) {}

  read(): Promise<unknown> {
    return Promise.resolve(this.content === undefined ? undefined : structuredClone(this.content));
  }
  write(value: unknown): Promise<void> {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      return Promise.reject(new Error('disk full'));
    }
    this.content = structuredClone(value);
    this.writes.push(this.content);
    return Promise.resolve();
  }
}

/** `app` with a controllable single-instance lock; `emitPreventable` plays the OS. */
export class FakeApp extends FakeEmitter {
  quitCalls = 0;
  readonly protocolClients: { protocol: string; path?: string; args?: string[] }[] = [];
  constructor(public hasLock = true) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.protocolClients.push({
      protocol,
      ...(path === undefined ? {} : { path }),
      ...(args === undefined ? {} : { args }),
    });
    return true;
  }
}

type DisplayMediaHandler = (
  request: { frame: { url: string } | null; videoRequested: boolean },
  callback: (streams: { video: { id: string; name: string } } | null) => void,
) => void;

/**
 * A session's display-media side: `request` plays a page calling `getDisplayMedia()` and
 * resolves with what the installed handler answered.
 */
export class FakeDisplayMediaSession {
  handler: DisplayMediaHandler | undefined;

  setDisplayMediaRequestHandler(handler: DisplayMediaHandler): void {
    this.handler = handler;
  }

  request(
    frameUrl: string | null,
    videoRequested = true,
  ): { video: { id: string; name: string } } | null {
    if (!this.handler) throw new Error('no display-media handler installed');
    let answer: { video: { id: string; name: string } } | null | undefined;
    let calls = 0;
    this.handler({ frame: frameUrl === null ? null : { url: frameUrl }, videoRequested }, (s) => {
      calls += 1;
      answer = s;
    });
    if (calls !== 1 || answer === undefined) {
      throw new Error(`handler called back ${String(calls)} times`);
    }
    return answer;
  }
}

/** `desktopCapturer` with settable sources; records every `getSources` call. */
export class FakeDesktopCapturer {
  readonly calls: unknown[] = [];
  failWith: Error | undefined;

  constructor(
    public sources: { id: string; name: string; thumbnail: { toDataURL(): string } }[] = [],
  ) {}

  getSources(options: unknown): Promise<FakeDesktopCapturer['sources']> {
    this.calls.push(options);
    if (this.failWith) return Promise.reject(this.failWith);
    return Promise.resolve(this.sources);
  }
}
