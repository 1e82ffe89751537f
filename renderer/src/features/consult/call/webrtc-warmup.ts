/**
 * Pays WebRTC's one-time costs while nobody waits for them.
 *
 * The first `createOffer()` in a renderer process takes ~80–100 ms (Chromium loads and lists
 * its encoders once per process); every later one takes ~5 ms. A patient always opens a fresh
 * page, so without this their offer would be the first one, made right after the clinician
 * clicks Admit. While they sit in the lobby (or the clinician's dock waits), one throwaway
 * offer with an audio, a video and a data section moves that cost out of the admission.
 * Nothing leaves the machine: no ICE servers, no gathering, the connection is closed at once.
 */
let warmed: Promise<void> | undefined;

export function warmUpWebRtc(
  RTCPeerConnectionImpl: typeof RTCPeerConnection | undefined = globalThis.RTCPeerConnection,
): Promise<void> {
  if (warmed) return warmed;
  if (typeof RTCPeerConnectionImpl !== 'function') return Promise.resolve();
  warmed = (async () => {
    let pc: RTCPeerConnection | undefined;
    try {
      pc = new RTCPeerConnectionImpl();
      pc.addTransceiver('audio', { direction: 'sendrecv' });
      pc.addTransceiver('video', { direction: 'sendrecv' });
      pc.createDataChannel('warm-up');
      await pc.createOffer();
    } catch {
      // Only an optimisation: a host without WebRTC fails later, where it is reported.
    } finally {
      pc?.close();
    }
  })();
  return warmed;
}

/** Tests: forget that a warm-up ran. */
export function resetWarmUpForTests(): void {
  warmed = undefined;
}
