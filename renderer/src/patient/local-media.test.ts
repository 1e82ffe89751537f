import { describe, expect, it } from 'vitest';
import { deviceStatusOf, LocalMedia } from './local-media';
import { FakeBrowserMedia, settle } from './test-fakes';

describe('LocalMedia', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotReadableError', 'busy'],
    ['NotFoundError', 'missing'],
    ['OverconstrainedError', 'missing'],
    ['NotSupportedError', 'unsupported'],
  ])('%s means %s', (name, status) => {
    expect(deviceStatusOf(new DOMException('x', name))).toBe(status);
  });

  it('frees the old camera when a phone cannot open two at once', async () => {
    const browser = new FakeBrowserMedia();
    const media = new LocalMedia(browser);
    await media.acquire();
    const front = media.stream.getVideoTracks()[0];
    // The back camera only opens once the front one is released.
    browser.failingDevices.add('cam-back');
    const original = browser.getUserMedia;
    browser.getUserMedia = (c) => {
      if (front?.readyState === 'ended') browser.failingDevices.delete('cam-back');
      return original(c);
    };
    expect(await media.useDevice('videoinput', 'cam-back')).toBe(true);
    expect(media.stream.getVideoTracks().map((t) => t.getSettings().deviceId)).toEqual([
      'cam-back',
    ]);
  });

  it('goes back to the previous device when the new one cannot be used', async () => {
    const browser = new FakeBrowserMedia();
    const media = new LocalMedia(browser);
    await media.acquire();
    browser.failingDevices.add('cam-back');
    expect(await media.useDevice('videoinput', 'cam-back')).toBe(false);
    expect(media.stream.getVideoTracks().map((t) => t.getSettings().deviceId)).toEqual([
      'cam-front',
    ]);
    expect(media.getSnapshot().camera).toBe('ok');
  });

  it('says when a device goes away', async () => {
    const media = new LocalMedia(new FakeBrowserMedia());
    await media.acquire();
    const camera = media.stream.getVideoTracks()[0] as unknown as { end: () => void };
    camera.end();
    await settle();
    expect(media.getSnapshot().camera).toBe('missing');
    expect(media.getSnapshot().videoTrackId).toBeUndefined();
  });

  it('stops a device granted after the visit ended', async () => {
    const browser = new FakeBrowserMedia();
    browser.holdPrompt = true;
    const media = new LocalMedia(browser);
    const acquired = media.acquire();
    media.stop();
    browser.answerPrompt();
    await acquired;
    expect(media.stream.getTracks()).toHaveLength(0);
  });
});
