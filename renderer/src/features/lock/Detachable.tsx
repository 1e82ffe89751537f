/**
 * Keeps a React subtree mounted while taking its DOM off the page.
 *
 * The lock normally unmounts the patient views. A running call, though, lives inside the
 * chart (the consult dock) and ends when unmounted, so while a call runs the locked app stays
 * mounted here instead: its DOM sits in a container that is detached from the document, so
 * nothing of it is in the page's DOM or accessibility tree — not covered, absent.
 *
 * - Mantine portals (modals, menus, tooltips) opened inside would go to `document.body` and
 *   stay on the page; a theme override points them into the detached container too.
 * - Media in a detached container: browsers pause it on removal (HTML §4.8.11.1), and nothing
 *   in it may start playing while detached (a tile added during the lock would autoplay). A
 *   call that keeps its sound while locked plays it from outside (useCallLockPolicy). When
 *   re-attached, autoplaying media resumes.
 */
import { MantineThemeProvider, type MantineThemeOverride } from '@mantine/core';
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface DetachableProps {
  /** False: the content stays mounted but is not in the document. */
  attached: boolean;
  children: ReactNode;
}

function mediaIn(root: ParentNode): HTMLMediaElement[] {
  return Array.from(root.querySelectorAll<HTMLMediaElement>('video, audio'));
}

/** `play()` may throw (jsdom) or reject (autoplay policy): a tile that stays paused is no crash. */
function resume(media: HTMLMediaElement): void {
  const hasSource = media.srcObject !== null || media.currentSrc !== '';
  if (!media.autoplay || !media.paused || !hasSource) return;
  void Promise.resolve()
    .then(() => media.play())
    .catch(() => undefined);
}

function pause(media: HTMLMediaElement): void {
  try {
    media.pause();
  } catch {
    // jsdom has no media playback; a real browser pauses detached media anyway
  }
}

export function Detachable(props: DetachableProps): React.JSX.Element {
  const [nodes] = useState(() => {
    const outer = document.createElement('div');
    const content = document.createElement('div');
    const portals = document.createElement('div');
    outer.dataset.lockContent = '';
    portals.dataset.lockPortals = '';
    outer.append(content, portals);
    return { outer, content, portals };
  });
  const anchorRef = useRef<HTMLDivElement>(null);
  const { attached } = props;

  useLayoutEffect(() => {
    const anchor = anchorRef.current;
    if (!anchor) return;
    if (attached) {
      anchor.append(nodes.outer);
      mediaIn(nodes.outer).forEach(resume);
      return () => nodes.outer.remove();
    }
    nodes.outer.remove();
    mediaIn(nodes.outer).forEach(pause);
    // Media events do not bubble, but the capture phase reaches the container.
    const stopPlaying = (event: Event) => {
      if (event.target instanceof HTMLMediaElement) pause(event.target);
    };
    nodes.outer.addEventListener('play', stopPlaying, true);
    return () => nodes.outer.removeEventListener('play', stopPlaying, true);
  }, [attached, nodes]);

  const theme = useMemo<MantineThemeOverride>(
    () => ({ components: { Portal: { defaultProps: () => ({ target: nodes.portals }) } } }),
    [nodes],
  );

  return (
    <>
      <div ref={anchorRef} style={{ display: 'contents' }} />
      {createPortal(
        <MantineThemeProvider theme={theme}>{props.children}</MantineThemeProvider>,
        nodes.content,
      )}
    </>
  );
}
