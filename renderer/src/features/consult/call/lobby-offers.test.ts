import { describe, expect, it } from 'vitest';
import {
  LobbyOffers,
  MAX_LOBBY_OFFER_BYTES,
  MAX_LOBBY_OFFER_SECTIONS,
  MAX_LOBBY_SIGNALS,
  withoutInlineCandidates,
} from './lobby-offers';

const offer = { type: 'offer', sdp: 'v=0' };
const candidate = (n: number) => ({ type: 'candidate', candidate: { candidate: `c${n}` } });

describe('LobbyOffers', () => {
  it('keeps a guest’s signals in order, without repeats, and knows a repeat later', () => {
    const offers = new LobbyOffers();
    expect(offers.add('g1', 'pc1', offer)).toBe('new-connection');
    expect(offers.add('g1', 'pc1', candidate(1))).toBe('added');
    expect(offers.add('g1', 'pc1', { ...offer })).toBe('ignored');
    expect(offers.get('g1')).toEqual({
      pcId: 'pc1',
      signals: [offer, candidate(1)],
      failed: false,
    });
    expect(offers.isRepeat('g1', 'pc1', candidate(1))).toBe(true);
    expect(offers.isRepeat('g1', 'pc1', candidate(2))).toBe(false);
    expect(offers.isRepeat('g1', 'pc2', candidate(1))).toBe(false);
    expect(offers.isRepeat('g2', 'pc1', candidate(1))).toBe(false);
  });

  it('replaces a guest’s record when a new connection starts, and keeps guests apart', () => {
    const offers = new LobbyOffers();
    offers.add('g1', 'pc1', offer);
    offers.add('g2', 'pc9', offer);
    expect(offers.add('g1', 'pc2', candidate(1))).toBe('new-connection');
    expect(offers.get('g1')).toEqual({ pcId: 'pc2', signals: [candidate(1)], failed: false });
    expect(offers.get('g2')?.pcId).toBe('pc9');
  });

  it(`holds at most ${MAX_LOBBY_SIGNALS} signals per guest`, () => {
    const offers = new LobbyOffers();
    for (let n = 0; n < MAX_LOBBY_SIGNALS + 5; n++) offers.add('g1', 'pc1', candidate(n));
    expect(offers.get('g1')?.signals).toHaveLength(MAX_LOBBY_SIGNALS);
    expect(offers.add('g1', 'pc1', candidate(1000))).toBe('ignored');
  });

  it('ignores what an offer from the lobby cannot be: answers, oversized or many-section SDPs', () => {
    const offers = new LobbyOffers();
    expect(offers.add('g1', 'pc1', { type: 'answer', sdp: 'v=0' })).toBe('ignored');
    expect(offers.add('g1', 'pc1', { type: 'renegotiate', renegotiate: true })).toBe('ignored');
    const big = 'v=0\r\n' + 'a=x\r\n'.repeat(MAX_LOBBY_OFFER_BYTES / 5);
    expect(offers.add('g1', 'pc1', { type: 'offer', sdp: big })).toBe('ignored');
    const sections = (n: number) => 'v=0' + '\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111'.repeat(n);
    expect(
      offers.add('g1', 'pc1', { type: 'offer', sdp: sections(MAX_LOBBY_OFFER_SECTIONS + 1) }),
    ).toBe('ignored');
    expect(offers.get('g1')).toBeUndefined();
    expect(
      offers.add('g1', 'pc1', { type: 'offer', sdp: sections(MAX_LOBBY_OFFER_SECTIONS) }),
    ).toBe('new-connection');
  });

  it('marks a connection failed until a new one comes', () => {
    const offers = new LobbyOffers();
    offers.add('g1', 'pc1', offer);
    offers.markFailed('g1', 'pc0'); // an older connection: no effect
    expect(offers.get('g1')?.failed).toBe(false);
    offers.markFailed('g1', 'pc1');
    expect(offers.get('g1')?.failed).toBe(true);
    offers.add('g1', 'pc2', offer);
    expect(offers.get('g1')?.failed).toBe(false);
  });

  it('forgets those who left, or everyone', () => {
    const offers = new LobbyOffers();
    offers.add('g1', 'pc1', offer);
    offers.add('g2', 'pc2', offer);
    offers.keepOnly((id) => id === 'g2');
    expect(offers.get('g1')).toBeUndefined();
    expect(offers.get('g2')).toBeDefined();
    offers.clear();
    expect(offers.get('g2')).toBeUndefined();
  });
});

describe('withoutInlineCandidates', () => {
  // The shape of a Chromium offer set after its relay candidate was gathered (max-bundle).
  const relay =
    'candidate:1061130416 1 udp 41885439 127.0.0.1 50000 typ relay raddr 0.0.0.0 rport 0 generation 0 ufrag Ab12 network-id 1';
  const sdp = [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'm=audio 50000 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 127.0.0.1',
    `a=candidate:${relay.slice('candidate:'.length)}`,
    'a=end-of-candidates',
    'a=ice-ufrag:Ab12',
    'a=mid:0',
    'a=sendrecv',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'c=IN IP4 0.0.0.0',
    'a=mid:1',
    'a=candidate:2 1 udp 2122260223 192.0.2.7 54321 typ host generation 0',
    '',
  ].join('\r\n');

  it('takes the candidate lines out, each as a trickled candidate of its m-section', () => {
    const split = withoutInlineCandidates(sdp);
    expect(split.sdp).not.toMatch(/candidate/);
    expect(split.sdp.split('\r\n')).toEqual(
      sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate') && l !== 'a=end-of-candidates'),
    );
    expect(split.candidates).toEqual([
      { type: 'candidate', candidate: { candidate: relay, sdpMid: '0', sdpMLineIndex: 0 } },
      {
        type: 'candidate',
        candidate: {
          candidate: 'candidate:2 1 udp 2122260223 192.0.2.7 54321 typ host generation 0',
          sdpMid: '1',
          sdpMLineIndex: 1,
        },
      },
    ]);
  });

  it('leaves an SDP without candidates as it is', () => {
    const bare = 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n';
    expect(withoutInlineCandidates(bare)).toEqual({ sdp: bare, candidates: [] });
  });
});
