/**
 * What a running call does while the workstation is locked (issue 7 item 5), per the clinic's
 * `security.callOnLock`:
 *
 * - `'keep-audio'` (default): the call goes on with sound both ways; the pictures are hidden
 *   with the rest of the app. The locked app's DOM is off the page (lock/Detachable.tsx) and a
 *   browser pauses media that leaves the page, so the other participants' sound is played
 *   here, from audio elements outside the app, until unlock.
 * - `'pause'`: the microphone is muted and the camera stops sending (the others see "camera
 *   off"); on unlock both return to what they were before the lock.
 * - Either way a screen share stops: a locked workstation shows nobody its screen. It is not
 *   restarted on unlock; sharing again is a deliberate act.
 *
 * The hook also registers the call with the lock for as long as it runs, which is what keeps
 * the consult dock (and so the call) mounted while locked. Outside a LockGate it does nothing.
 */
import { useEffect } from 'react';
import { useOptionalLock } from '../lock/LockContext';
import type { CallSession } from './call/call-session';

export type CallLockControls = Pick<
  CallSession,
  'subscribe' | 'getSnapshot' | 'setMic' | 'setCam' | 'stopScreenShare'
>;

/** Makes the audio elements that play the call while locked (tests pass a fake). */
export type CreateAudio = () => HTMLAudioElement;

const createAudioElement: CreateAudio = () => new Audio();

function silence(audio: HTMLAudioElement): void {
  try {
    audio.pause();
  } catch {
    // no playback (jsdom): nothing to stop
  }
  audio.srcObject = null;
}

/**
 * Plays every remote participant's stream through an element of its own, following the
 * call as people join and leave; returns the function that stops them all.
 */
export function playRemoteAudio(session: CallLockControls, createAudio: CreateAudio): () => void {
  const playing = new Map<MediaStream, HTMLAudioElement>();
  const sync = () => {
    const streams = new Set(
      session.getSnapshot().peers.flatMap((peer) => (peer.stream ? [peer.stream] : [])),
    );
    for (const [stream, audio] of playing) {
      if (streams.has(stream)) continue;
      silence(audio);
      playing.delete(stream);
    }
    for (const stream of streams) {
      if (playing.has(stream)) continue;
      const audio = createAudio();
      audio.autoplay = true;
      audio.srcObject = stream;
      // Rejected by an autoplay policy: the call goes on silently rather than crash the lock.
      void Promise.resolve()
        .then(() => audio.play())
        .catch(() => undefined);
      playing.set(stream, audio);
    }
  };
  sync();
  const unsubscribe = session.subscribe(sync);
  return () => {
    unsubscribe();
    for (const audio of playing.values()) silence(audio);
    playing.clear();
  };
}

export function useCallLockPolicy(
  session: CallLockControls,
  createAudio: CreateAudio = createAudioElement,
): void {
  const lock = useOptionalLock();
  const registerCall = lock?.registerCall;
  const locked = lock?.locked ?? false;
  const policy = lock?.settings.callOnLock ?? 'keep-audio';

  useEffect(() => registerCall?.(), [registerCall]);

  useEffect(() => {
    if (!locked) return;
    const before = session.getSnapshot();
    if (before.sharingScreen) void session.stopScreenShare().catch(() => undefined);
    if (policy === 'pause') {
      session.setMic(false);
      session.setCam(false);
      return () => {
        session.setMic(before.micOn);
        session.setCam(before.camOn);
      };
    }
    return playRemoteAudio(session, createAudio);
  }, [locked, policy, session, createAudio]);
}
