import { afterEach, describe, expect, it } from 'vitest';
import { resetWarmUpForTests, warmUpWebRtc } from './webrtc-warmup';

class FakePc {
  static made: FakePc[] = [];
  readonly transceivers: string[] = [];
  readonly channels: string[] = [];
  offers = 0;
  closed = false;
  constructor(readonly config?: RTCConfiguration) {
    FakePc.made.push(this);
  }
  addTransceiver(kind: string): void {
    this.transceivers.push(kind);
  }
  createDataChannel(label: string): void {
    this.channels.push(label);
  }
  createOffer(): Promise<object> {
    this.offers++;
    return Promise.resolve({ type: 'offer', sdp: 'v=0' });
  }
  close(): void {
    this.closed = true;
  }
}

afterEach(() => {
  resetWarmUpForTests();
  FakePc.made = [];
});

describe('warmUpWebRtc', () => {
  it('makes one offer with audio, video and data on a connection that reaches nobody', async () => {
    await warmUpWebRtc(FakePc as unknown as typeof RTCPeerConnection);
    expect(FakePc.made).toHaveLength(1);
    const [pc] = FakePc.made;
    expect(pc?.config).toBeUndefined();
    expect(pc?.transceivers).toEqual(['audio', 'video']);
    expect(pc?.channels).toHaveLength(1);
    expect(pc?.offers).toBe(1);
    expect(pc?.closed).toBe(true);
  });

  it('runs once per page, however often a call is joined', async () => {
    const Pc = FakePc as unknown as typeof RTCPeerConnection;
    await Promise.all([warmUpWebRtc(Pc), warmUpWebRtc(Pc)]);
    await warmUpWebRtc(Pc);
    expect(FakePc.made).toHaveLength(1);
  });

  it('never fails the call: an offer that throws is swallowed and the connection closed', async () => {
    class Broken extends FakePc {
      override createOffer(): Promise<object> {
        return Promise.reject(new Error('no codecs'));
      }
    }
    await expect(
      warmUpWebRtc(Broken as unknown as typeof RTCPeerConnection),
    ).resolves.toBeUndefined();
    expect(FakePc.made[0]?.closed).toBe(true);
    resetWarmUpForTests();
    await expect(warmUpWebRtc(undefined)).resolves.toBeUndefined();
  });
});
