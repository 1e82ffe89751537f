import { describe, expect, it, vi } from 'vitest';
import { invokeContract } from '../shared/ipc/contract';
import {
  CHOICE_TTL_MS,
  DisplayMediaBroker,
  MAX_SOURCE_NAME,
  THUMBNAIL_SIZE,
} from './display-media';
import { registerIpcHandlers, type InvokeImplementations } from './ipc';
import { FakeDesktopCapturer, FakeDisplayMediaSession, FakeIpcMain } from './testing/fake-electron';

const APP = 'app://workstation/index.html';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const png = (url = PNG) => ({ toDataURL: () => url });

function setup() {
  let clock = 1_000_000;
  const session = new FakeDisplayMediaSession();
  const capturer = new FakeDesktopCapturer([
    { id: 'screen:0:0', name: 'Entire screen', thumbnail: png() },
    { id: 'window:4711:0', name: 'Lab results — PDF', thumbnail: png() },
  ]);
  const log = vi.fn();
  const broker = new DisplayMediaBroker({
    session,
    desktopCapturer: capturer,
    now: () => clock,
    log,
  }).install();
  const advance = (ms: number) => {
    clock += ms;
  };
  return { session, capturer, broker, log, advance };
}

describe('DisplayMediaBroker.listSources', () => {
  it('lists screens and windows with small PNG thumbnails, valid for the contract', async () => {
    const { broker, capturer } = setup();
    const list = await broker.listSources();
    expect(capturer.calls).toEqual([
      { types: ['screen', 'window'], thumbnailSize: THUMBNAIL_SIZE, fetchWindowIcons: false },
    ]);
    expect(list).toEqual([
      { id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: PNG },
      { id: 'window:4711:0', name: 'Lab results — PDF', kind: 'window', thumbnail: PNG },
    ]);
    expect(invokeContract['screen:sources'].response.parse(list)).toEqual(list);
  });

  it('drops odd ids, cuts long names and replaces unusable thumbnails', async () => {
    const { broker, capturer } = setup();
    capturer.sources = [
      { id: 'tab:1', name: 'not a desktop source', thumbnail: png() },
      { id: 'window:1:0', name: 'x'.repeat(1000), thumbnail: png('data:image/jpeg;base64,AA') },
      {
        id: 'window:2:0',
        name: 'Broken',
        thumbnail: {
          toDataURL: () => {
            throw new Error('no image');
          },
        },
      },
    ];
    const list = await broker.listSources();
    expect(list.map((s) => s.id)).toEqual(['window:1:0', 'window:2:0']);
    expect(list[0]?.name).toHaveLength(MAX_SOURCE_NAME);
    expect(list.map((s) => s.thumbnail)).toEqual([
      'data:image/png;base64,',
      'data:image/png;base64,',
    ]);
    expect(() => invokeContract['screen:sources'].response.parse(list)).not.toThrow();
  });

  it('lets a desktopCapturer failure through (the renderer shows it)', async () => {
    const { broker, capturer } = setup();
    capturer.failWith = new Error('portal request denied');
    await expect(broker.listSources()).rejects.toThrow('portal request denied');
  });
});

describe('DisplayMediaBroker display-media requests', () => {
  it('answers the app with the source chosen just before', async () => {
    const { broker, session } = setup();
    await broker.listSources();
    broker.choose('window:4711:0');
    expect(session.request(APP)).toEqual({
      video: { id: 'window:4711:0', name: 'Lab results — PDF' },
    });
  });

  it('refuses with null (never {}) when nothing was chosen', async () => {
    const { broker, session, log } = setup();
    expect(session.request(APP)).toBeNull();
    await broker.listSources();
    expect(session.request(APP)).toBeNull();
    expect(log).toHaveBeenCalledWith('[display-media] refused: no source chosen');
  });

  it('uses one choice for one request only', async () => {
    const { broker, session } = setup();
    await broker.listSources();
    broker.choose('screen:0:0');
    expect(session.request(APP)).not.toBeNull();
    expect(session.request(APP)).toBeNull();
  });

  it('refuses a choice older than the time limit, accepts one just inside it', async () => {
    const { broker, session, advance } = setup();
    await broker.listSources();
    broker.choose('screen:0:0');
    advance(CHOICE_TTL_MS);
    expect(session.request(APP)).toEqual({ video: { id: 'screen:0:0', name: 'Entire screen' } });

    broker.choose('screen:0:0');
    advance(CHOICE_TTL_MS + 1);
    expect(session.request(APP)).toBeNull();
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['another app host', 'app://evil/index.html'],
    ['a file', 'file:///index.html'],
    ['an srcdoc frame', 'about:srcdoc'],
    ['a destroyed frame', null],
  ])('refuses a request from %s and spends the choice', async (_label, frameUrl) => {
    const { broker, session, log } = setup();
    await broker.listSources();
    broker.choose('screen:0:0');
    expect(session.request(frameUrl)).toBeNull();
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^\[display-media\] refused: request/));
    // The app's own request after it finds nothing: the user has to pick again.
    expect(session.request(APP)).toBeNull();
  });

  it('refuses when the frame is gone and its URL getter throws', async () => {
    const { broker, session } = setup();
    await broker.listSources();
    broker.choose('screen:0:0');
    const frame = {
      get url(): string {
        throw new Error('Render frame was disposed');
      },
    };
    const callback = vi.fn();
    session.handler?.({ frame, videoRequested: true }, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith(null);
  });

  it('refuses an audio-only request', async () => {
    const { broker, session } = setup();
    await broker.listSources();
    broker.choose('screen:0:0');
    expect(session.request(APP, false)).toBeNull();
  });

  it('forgets the choice on cancel (null) and on a new listing', async () => {
    const { broker, session } = setup();
    await broker.listSources();
    broker.choose('screen:0:0');
    broker.choose(null);
    expect(session.request(APP)).toBeNull();

    broker.choose('screen:0:0');
    await broker.listSources();
    expect(session.request(APP)).toBeNull();
  });

  it('accepts only ids from the last listing', async () => {
    const { broker, capturer, session } = setup();
    expect(() => broker.choose('screen:0:0')).toThrow(/not offered/);
    await broker.listSources();
    capturer.sources = [{ id: 'window:9:0', name: 'Other', thumbnail: png() }];
    await broker.listSources();
    expect(() => broker.choose('screen:0:0')).toThrow(/not offered/);
    expect(session.request(APP)).toBeNull();
  });
});

describe('screen:* channels through the IPC layer', () => {
  function ipcSetup() {
    const context = setup();
    const ipcMain = new FakeIpcMain();
    const others = {} as InvokeImplementations;
    registerIpcHandlers(ipcMain, { ...others, ...context.broker.invokeHandlers() });
    return { ...context, ipcMain };
  }

  it('lists, chooses and then grants the request', async () => {
    const { ipcMain, session } = ipcSetup();
    const listed = (await ipcMain.invoke('screen:sources', APP, undefined)) as {
      ok: true;
      value: { id: string }[];
    };
    expect(listed.ok).toBe(true);
    expect(listed.value.map((s) => s.id)).toEqual(['screen:0:0', 'window:4711:0']);
    await expect(
      ipcMain.invoke('screen:choose', APP, { sourceId: 'window:4711:0' }),
    ).resolves.toEqual({ ok: true, value: null });
    expect(session.request(APP)?.video.id).toBe('window:4711:0');
  });

  it('answers an id that was not listed with { ok: false }', async () => {
    const { ipcMain, session } = ipcSetup();
    await ipcMain.invoke('screen:sources', APP, undefined);
    await expect(
      ipcMain.invoke('screen:choose', APP, { sourceId: 'window:1:0' }),
    ).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/not offered/) as string });
    await expect(
      ipcMain.invoke('screen:choose', APP, { sourceId: 'javascript:alert(1)' }),
    ).resolves.toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid request/) as string,
    });
    expect(session.request(APP)).toBeNull();
  });

  it('refuses both channels to other origins', async () => {
    const { ipcMain, capturer } = ipcSetup();
    await expect(
      ipcMain.invoke('screen:sources', 'https://evil.example/', undefined),
    ).resolves.toMatchObject({ ok: false });
    await expect(
      ipcMain.invoke('screen:choose', 'https://evil.example/', { sourceId: null }),
    ).resolves.toMatchObject({ ok: false });
    expect(capturer.calls).toHaveLength(0);
  });
});
