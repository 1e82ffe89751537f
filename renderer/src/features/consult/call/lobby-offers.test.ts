import { describe, expect, it } from 'vitest';
import { LobbyOffers, MAX_LOBBY_SIGNALS } from './lobby-offers';

const offer = { type: 'offer', sdp: 'v=0' };
const candidate = (n: number) => ({ type: 'candidate', candidate: { candidate: `c${n}` } });

describe('LobbyOffers', () => {
  it('keeps a guest’s signals in order, without repeats, and knows a repeat later', () => {
    const offers = new LobbyOffers();
    expect(offers.add('g1', 'pc1', offer)).toBe('new-connection');
    expect(offers.add('g1', 'pc1', candidate(1))).toBe('added');
    expect(offers.add('g1', 'pc1', { ...offer })).toBe('repeat');
    expect(offers.get('g1')).toEqual({ pcId: 'pc1', signals: [offer, candidate(1)] });
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
    expect(offers.get('g1')).toEqual({ pcId: 'pc2', signals: [candidate(1)] });
    expect(offers.get('g2')?.pcId).toBe('pc9');
  });

  it(`holds at most ${MAX_LOBBY_SIGNALS} signals per guest`, () => {
    const offers = new LobbyOffers();
    for (let n = 0; n < MAX_LOBBY_SIGNALS + 5; n++) offers.add('g1', 'pc1', candidate(n));
    expect(offers.get('g1')?.signals).toHaveLength(MAX_LOBBY_SIGNALS);
    expect(offers.add('g1', 'pc1', candidate(1000))).toBe('repeat');
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
