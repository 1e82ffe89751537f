// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { SecuritySettings } from '../../../../shared/config/app-config';
import { LockContext, type LockState } from '../lock/LockContext';
import type { CallSnapshot, PeerView } from './call/call-session';
import { useCallLockPolicy, type CallLockControls } from './useCallLockPolicy';

/** A call whose snapshot the test edits; media controls are recorded. */
function fakeCall(initial: Partial<CallSnapshot> = {}) {
  let snapshot: CallSnapshot = {
    phase: 'in-call',
    signaling: 'open',
    participants: [],
    peers: [],
    chat: [],
    micOn: true,
    camOn: true,
    sharingScreen: false,
    videoDropped: false,
    excerpts: [],
    ...initial,
  };
  const listeners = new Set<() => void>();
  const calls: string[] = [];
  const session: CallLockControls = {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    setMic: (on) => {
      calls.push(`mic:${String(on)}`);
      snapshot = { ...snapshot, micOn: on };
    },
    setCam: (on) => {
      calls.push(`cam:${String(on)}`);
      snapshot = { ...snapshot, camOn: on };
    },
    stopScreenShare: () => {
      calls.push('stop-share');
      snapshot = { ...snapshot, sharingScreen: false };
      return Promise.resolve();
    },
  };
  const setPeers = (peers: PeerView[]) => {
    snapshot = { ...snapshot, peers };
    for (const listener of listeners) listener();
  };
  return { session, calls, setPeers };
}

const stream = (id: string) => ({ id }) as unknown as MediaStream;
const peer = (id: string, s?: MediaStream): PeerView => ({
  participant: {
    id,
    name: id,
    role: 'patient',
    state: 'admitted',
    since: 0,
  },
  connection: 'connected',
  ...(s ? { stream: s } : {}),
  remoteVideoDropped: false,
  framesDecoded: 0,
});

interface FakeAudio {
  srcObject: MediaStream | null;
  autoplay: boolean;
  play: ReturnType<typeof vi.fn>;
  pause: ReturnType<typeof vi.fn>;
}

function fakeAudioFactory() {
  const made: FakeAudio[] = [];
  const create = () => {
    const audio: FakeAudio = {
      srcObject: null,
      autoplay: false,
      play: vi.fn(() => Promise.resolve()),
      pause: vi.fn(),
    };
    made.push(audio);
    return audio as unknown as HTMLAudioElement;
  };
  return { made, create };
}

function lockState(locked: boolean, callOnLock: SecuritySettings['callOnLock']) {
  const registerCall = vi.fn(() => unregister);
  const unregister = vi.fn();
  const state: LockState = {
    locked,
    settings: { idleLockMinutes: 10, pinUnlock: false, callOnLock },
    lock: () => undefined,
    registerCall,
  };
  return { state, registerCall, unregister };
}

function setup(callOnLock: SecuritySettings['callOnLock'], call = fakeCall()) {
  const audio = fakeAudioFactory();
  let current = lockState(false, callOnLock);
  const registerCall = current.registerCall;
  const unregister = current.unregister;
  const wrapper = (props: { children: ReactNode }) => (
    <LockContext value={current.state}>{props.children}</LockContext>
  );
  const hook = renderHook(() => useCallLockPolicy(call.session, audio.create), { wrapper });
  const setLocked = (locked: boolean) => {
    current = {
      ...current,
      state: { ...current.state, locked },
    };
    hook.rerender();
  };
  return { ...call, audio, hook, setLocked, registerCall, unregister };
}

describe('useCallLockPolicy', () => {
  it('registers the call with the lock for as long as it runs', () => {
    const { registerCall, unregister, hook } = setup('keep-audio');
    expect(registerCall).toHaveBeenCalledTimes(1);
    expect(unregister).not.toHaveBeenCalled();
    hook.unmount();
    expect(unregister).toHaveBeenCalledTimes(1);
  });

  it("'pause': mutes the microphone and stops the camera, and restores both on unlock", () => {
    const { calls, setLocked, session } = setup('pause', fakeCall({ micOn: true, camOn: false }));
    setLocked(true);
    expect(calls).toEqual(['mic:false', 'cam:false']);
    setLocked(false);
    // Back to what they were before the lock: microphone on, camera (already) off.
    expect(calls).toEqual(['mic:false', 'cam:false', 'mic:true', 'cam:false']);
    expect(session.getSnapshot()).toMatchObject({ micOn: true, camOn: false });
  });

  it("'keep-audio': plays every remote participant from outside the hidden app until unlock", () => {
    const a = stream('a');
    const b = stream('b');
    const { calls, setLocked, setPeers, audio } = setup(
      'keep-audio',
      fakeCall({ peers: [peer('p', a), peer('no-media')] }),
    );
    expect(audio.made).toHaveLength(0);
    setLocked(true);
    expect(calls).toEqual([]); // microphone and camera untouched
    expect(audio.made.map((x) => x.srcObject)).toEqual([a]);
    expect(audio.made[0]?.autoplay).toBe(true);

    // Someone joins while locked, then the first participant leaves.
    act(() => setPeers([peer('p', a), peer('q', b)]));
    expect(audio.made.map((x) => x.srcObject)).toEqual([a, b]);
    act(() => setPeers([peer('q', b)]));
    expect(audio.made[0]?.pause).toHaveBeenCalled();
    expect(audio.made[0]?.srcObject).toBeNull();

    setLocked(false);
    expect(audio.made[1]?.pause).toHaveBeenCalled();
    expect(audio.made.every((x) => x.srcObject === null)).toBe(true);
  });

  it('stops a screen share on lock, whatever the policy, and does not restart it', () => {
    for (const policy of ['keep-audio', 'pause'] as const) {
      const { calls, setLocked } = setup(policy, fakeCall({ sharingScreen: true }));
      setLocked(true);
      expect(calls[0]).toBe('stop-share');
      setLocked(false);
      expect(calls.filter((c) => c === 'stop-share')).toHaveLength(1);
    }
  });

  it('does nothing outside a lock (component tests, the patient app)', () => {
    const call = fakeCall();
    const audio = fakeAudioFactory();
    renderHook(() => useCallLockPolicy(call.session, audio.create));
    expect(call.calls).toEqual([]);
    expect(audio.made).toEqual([]);
  });
});
