// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { findUntranslated, render, testHost } from '../../../../test/support/render';
import type { ScreenSource, ScreenSources } from '../../host/Host';
import {
  DISPLAY_MEDIA_CONSTRAINTS,
  getDisplayMediaVia,
  isScreenShareCancelled,
  useScreenShare,
} from './ScreenPicker';

const sources: ScreenSource[] = [
  {
    id: 'screen:0:0',
    name: 'Built-in display',
    kind: 'screen',
    thumbnail: 'data:image/png;base64,iVBORw0KGgo=',
  },
  {
    id: 'window:42:0',
    name: 'Lab results — PDF',
    kind: 'window',
    thumbnail: 'data:image/png;base64,',
  },
];

/** The Electron side of the host, recording what was chosen. */
function fakeScreenSources(list: ScreenSource[] = sources) {
  const log: string[] = [];
  const screenSources: ScreenSources = {
    list: vi.fn(() => {
      log.push('list');
      return Promise.resolve(list);
    }),
    choose: vi.fn((id: string | null) => {
      log.push(`choose ${String(id)}`);
      return Promise.resolve();
    }),
  };
  return { screenSources, log };
}

/** `navigator.mediaDevices` stand-in: records the call order into `log`. */
function fakeMediaDevices(log: string[] = []) {
  const stream = { id: 'display-stream' } as MediaStream;
  const getDisplayMedia = vi.fn((_options?: DisplayMediaStreamOptions) => {
    log.push('getDisplayMedia');
    return Promise.resolve(stream);
  });
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: { getDisplayMedia },
  });
  return { getDisplayMedia, stream };
}

/** What a consult component does with the hook: a button that starts sharing. */
function ShareButton(props: { onResult: (result: unknown) => void }) {
  const share = useScreenShare();
  return (
    <>
      <button
        type="button"
        onClick={() => {
          share.getDisplayMedia().then(props.onResult, props.onResult);
        }}
      >
        start share
      </button>
      {share.picker}
    </>
  );
}

describe('getDisplayMediaVia', () => {
  it('on the browser host calls getDisplayMedia directly (Chromium shows its picker)', async () => {
    const { getDisplayMedia, stream } = fakeMediaDevices();
    const pick = vi.fn();
    await expect(getDisplayMediaVia(testHost(), pick, { getDisplayMedia })).resolves.toBe(stream);
    expect(pick).not.toHaveBeenCalled();
    expect(getDisplayMedia).toHaveBeenCalledWith(DISPLAY_MEDIA_CONSTRAINTS);
  });

  it('on Electron lists, picks, chooses, and only then asks for the stream', async () => {
    const { screenSources, log } = fakeScreenSources();
    const { getDisplayMedia, stream } = fakeMediaDevices(log);
    const pick = vi.fn(() => Promise.resolve('window:42:0'));
    const host = testHost({ kind: 'electron', screenSources });
    await expect(getDisplayMediaVia(host, pick, { getDisplayMedia })).resolves.toBe(stream);
    expect(pick).toHaveBeenCalledWith(sources);
    expect(log).toEqual(['list', 'choose window:42:0', 'getDisplayMedia']);
  });

  it('on cancel tells the host and rejects with an AbortError, without getDisplayMedia', async () => {
    const { screenSources, log } = fakeScreenSources();
    const { getDisplayMedia } = fakeMediaDevices(log);
    const host = testHost({ kind: 'electron', screenSources });
    const error = await getDisplayMediaVia(host, () => Promise.resolve(null), {
      getDisplayMedia,
    }).catch((e: unknown) => e);
    expect(isScreenShareCancelled(error)).toBe(true);
    expect(log).toEqual(['list', 'choose null']);
  });

  it('lets a refused choice through as an error that is not a cancel', async () => {
    const { screenSources } = fakeScreenSources();
    screenSources.choose = () => Promise.reject(new Error('not offered'));
    const { getDisplayMedia } = fakeMediaDevices();
    const host = testHost({ kind: 'electron', screenSources });
    const error = await getDisplayMediaVia(host, () => Promise.resolve('screen:0:0'), {
      getDisplayMedia,
    }).catch((e: unknown) => e);
    expect(isScreenShareCancelled(error)).toBe(false);
    expect(getDisplayMedia).not.toHaveBeenCalled();
  });
});

describe('useScreenShare + ScreenPicker', () => {
  it('shows the sources in a labelled modal and shares the one picked with the keyboard', async () => {
    const { screenSources, log } = fakeScreenSources();
    const { stream } = fakeMediaDevices(log);
    const onResult = vi.fn();
    const { user } = render(<ShareButton onResult={onResult} />, {
      host: testHost({ kind: 'electron', screenSources }),
    });
    await user.click(screen.getByRole('button', { name: 'start share' }));

    const dialog = await screen.findByRole('dialog', { name: 'Share your screen' });
    const group = within(dialog).getByRole('radiogroup', { name: 'Screens and windows' });
    const screenCard = within(group).getByRole('radio', { name: 'Built-in display' });
    const windowCard = within(group).getByRole('radio', { name: 'Lab results — PDF' });
    // Decorative (alt=""): the name labels the choice.
    expect(screenCard.querySelector('img')).toHaveAttribute('src', sources[0]?.thumbnail);
    expect(within(windowCard).getByText('No preview')).toBeInTheDocument();
    expect(within(windowCard).getByText('Window')).toBeInTheDocument();
    const share = within(dialog).getByRole('button', { name: 'Share' });
    expect(share).toBeDisabled();

    windowCard.focus();
    await user.keyboard(' ');
    expect(windowCard).toHaveAttribute('aria-checked', 'true');
    expect(share).toBeEnabled();
    share.focus();
    await user.keyboard('{Enter}');

    await waitFor(() => expect(onResult).toHaveBeenCalledWith(stream));
    expect(log).toEqual(['list', 'choose window:42:0', 'getDisplayMedia']);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('Cancel closes the picker and rejects with an AbortError', async () => {
    const { screenSources, log } = fakeScreenSources();
    fakeMediaDevices(log);
    const onResult = vi.fn();
    const { user } = render(<ShareButton onResult={onResult} />, {
      host: testHost({ kind: 'electron', screenSources }),
    });
    await user.click(screen.getByRole('button', { name: 'start share' }));
    const dialog = await screen.findByRole('dialog', { name: 'Share your screen' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(onResult).toHaveBeenCalledOnce());
    expect(isScreenShareCancelled(onResult.mock.calls[0]?.[0])).toBe(true);
    expect(log).toEqual(['list', 'choose null']);
  });

  it('Escape cancels too', async () => {
    const { screenSources } = fakeScreenSources();
    fakeMediaDevices();
    const onResult = vi.fn();
    const { user } = render(<ShareButton onResult={onResult} />, {
      host: testHost({ kind: 'electron', screenSources }),
    });
    await user.click(screen.getByRole('button', { name: 'start share' }));
    await screen.findByRole('dialog', { name: 'Share your screen' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(onResult).toHaveBeenCalledOnce());
    expect(isScreenShareCancelled(onResult.mock.calls[0]?.[0])).toBe(true);
  });

  it('says so when there is nothing to share, and offers only Cancel', async () => {
    const { screenSources } = fakeScreenSources([]);
    fakeMediaDevices();
    const { user } = render(<ShareButton onResult={vi.fn()} />, {
      host: testHost({ kind: 'electron', screenSources }),
    });
    await user.click(screen.getByRole('button', { name: 'start share' }));
    const dialog = await screen.findByRole('dialog', { name: 'Share your screen' });
    expect(within(dialog).getByText(/no screen or window to share/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Share' })).toBeDisabled();
  });

  it('cancels an open pick when the consult UI goes away', async () => {
    const { screenSources, log } = fakeScreenSources();
    fakeMediaDevices(log);
    const onResult = vi.fn();
    const { user, unmount } = render(<ShareButton onResult={onResult} />, {
      host: testHost({ kind: 'electron', screenSources }),
    });
    await user.click(screen.getByRole('button', { name: 'start share' }));
    await screen.findByRole('dialog');
    act(() => unmount());
    await waitFor(() => expect(onResult).toHaveBeenCalledOnce());
    expect(isScreenShareCancelled(onResult.mock.calls[0]?.[0])).toBe(true);
    expect(log).not.toContain('getDisplayMedia');
  });

  it('renders no picker on the browser host and uses the browser’s own', async () => {
    const { stream } = fakeMediaDevices();
    const onResult = vi.fn();
    const { user } = render(<ShareButton onResult={onResult} />);
    await user.click(screen.getByRole('button', { name: 'start share' }));
    await waitFor(() => expect(onResult).toHaveBeenCalledWith(stream));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('is translated (German, and every string through i18n)', async () => {
    const { screenSources } = fakeScreenSources();
    fakeMediaDevices();
    const de = render(<ShareButton onResult={vi.fn()} />, {
      lng: 'de',
      host: testHost({ kind: 'electron', screenSources }),
    });
    await de.user.click(screen.getByRole('button', { name: 'start share' }));
    const dialog = await screen.findByRole('dialog', { name: 'Bildschirm teilen' });
    expect(within(dialog).getByRole('button', { name: 'Teilen' })).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Abbrechen' })).toBeEnabled();
    de.unmount();

    const qps = render(<ShareButton onResult={vi.fn()} />, {
      lng: 'qps',
      host: testHost({ kind: 'electron', screenSources }),
    });
    await qps.user.click(screen.getByRole('button', { name: 'start share' }));
    const pseudo = await screen.findByRole('dialog');
    expect(findUntranslated(pseudo)).toEqual([]);
  });
});
