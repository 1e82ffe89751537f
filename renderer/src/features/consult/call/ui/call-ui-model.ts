/**
 * What the call UI needs from a CallSession, and the pure rules it shows. The UI takes this
 * structural type (not the class) so the workstation, the patient page and tests can hand it
 * a CallSession or a fake alike.
 */
import type { CallSession, CallSnapshot, PeerView } from '../call-session';

export type CallUiSession = Pick<
  CallSession,
  | 'subscribe'
  | 'getSnapshot'
  | 'leave'
  | 'setMic'
  | 'setCam'
  | 'sendChat'
  | 'startScreenShare'
  | 'stopScreenShare'
>;

/** The call as one line: is anyone else reachable right now? */
export type CallConnection = 'waiting' | 'connected' | 'reconnecting';

/**
 * Media and chat flow peer to peer, so one connected peer means "connected" even while the
 * signaling socket reconnects; without one, a lost socket or a stalled peer is "reconnecting".
 */
export function callConnection(
  snapshot: Pick<CallSnapshot, 'signaling' | 'peers'>,
): CallConnection {
  if (snapshot.peers.some((p) => p.connection === 'connected')) return 'connected';
  if (
    snapshot.signaling === 'reconnecting' ||
    snapshot.peers.some((p) => p.connection === 'reconnecting' || p.connection === 'failed')
  ) {
    return 'reconnecting';
  }
  return 'waiting';
}

/** Whether a remote tile can show a picture: a video track that the sender has not paused. */
export function remoteVideoOn(peer: PeerView): boolean {
  return (peer.stream?.getVideoTracks().length ?? 0) > 0 && !peer.remoteVideoDropped;
}

export type InputDeviceKind = 'audioinput' | 'videoinput';

/** The part of `navigator.mediaDevices` the device picker reads (a fake in tests). */
export type MediaDevicesLike = Pick<
  MediaDevices,
  'enumerateDevices' | 'addEventListener' | 'removeEventListener'
>;

/** `navigator.mediaDevices`, which is missing outside secure contexts (and in jsdom). */
export function browserMediaDevices(): MediaDevicesLike | undefined {
  return typeof navigator === 'undefined'
    ? undefined
    : (navigator as Partial<Navigator>).mediaDevices;
}
