import { describe, expect, it } from 'vitest';
import { turnCredentials, turnPassword, type TurnServerConfig } from './turn';

const SECRET = 'north-wind-secret';
const URLS = ['turn:turn.workstation.test:3478?transport=udp', 'stun:turn.workstation.test:3478'];
/** 2023-11-14T22:13:20Z */
const NOW_MS = 1_700_000_000_000;

const config = (overrides: Partial<TurnServerConfig> = {}): TurnServerConfig => ({
  urls: URLS,
  secret: SECRET,
  ...overrides,
});

describe('turnCredentials', () => {
  // Vectors computed independently in the shell, e.g.:
  //   printf '%s' '1700000600:dr.weber' | openssl dgst -sha1 -hmac 'north-wind-secret' -binary | base64
  it('matches an independently computed HMAC-SHA1 (known answer)', () => {
    expect(turnCredentials(config(), 'dr.weber', NOW_MS)).toEqual({
      urls: URLS,
      username: '1700000600:dr.weber',
      credential: 'bIZrgZ9RV1RwXkjAnwkKPJP8sbc=',
      expiresAt: 1_700_000_600,
    });
  });

  it('matches a second known answer with the maximum TTL and a sub-second clock', () => {
    const creds = turnCredentials(config({ ttlSeconds: 86_400 }), 'patient-42', NOW_MS + 999);
    expect(creds.username).toBe('1700086400:patient-42');
    expect(creds.credential).toBe('psTt3U6cUlA0WQWhtwIW4w2rfEA=');
    expect(creds.expiresAt).toBe(1_700_086_400);
  });

  it('hashes the username as UTF-8', () => {
    expect(turnCredentials(config(), 'dr.müller', NOW_MS).credential).toBe(
      'CAHG2Kkd+n9Sz7orWMpC6cSvvig=',
    );
  });

  it('depends on the secret', () => {
    const other = turnCredentials(config({ secret: 'north-wind-secreT' }), 'dr.weber', NOW_MS);
    expect(other.credential).toBe('wghJqV0Sjj9vW3yoKlilmxbwnyI=');
    expect(other.credential).not.toBe(turnCredentials(config(), 'dr.weber', NOW_MS).credential);
  });

  it('expires ttlSeconds (default 600) after now, in whole epoch seconds', () => {
    expect(turnCredentials(config(), 'u', NOW_MS).expiresAt).toBe(NOW_MS / 1000 + 600);
    expect(turnCredentials(config({ ttlSeconds: 60 }), 'u', NOW_MS + 1_500).expiresAt).toBe(
      1_700_000_061,
    );
    const creds = turnCredentials(config({ ttlSeconds: 3_600 }), 'u', NOW_MS);
    expect(creds.expiresAt).toBe(1_700_003_600);
    expect(creds.username.split(':')[0]).toBe(String(creds.expiresAt));
  });

  it('defaults now to the current clock', () => {
    const before = Math.floor(Date.now() / 1000);
    const { expiresAt } = turnCredentials(config(), 'u');
    const after = Math.floor(Date.now() / 1000);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600);
    expect(expiresAt).toBeLessThanOrEqual(after + 600);
  });

  it('returns a copy of the URLs', () => {
    const urls = ['turn:127.0.0.1:3478'];
    const creds = turnCredentials({ urls, secret: SECRET }, 'u', NOW_MS);
    expect(creds.urls).toEqual(urls);
    expect(creds.urls).not.toBe(urls);
  });

  it('turnPassword is the credential for a given username', () => {
    expect(turnPassword(SECRET, '1700000600:dr.weber')).toBe('bIZrgZ9RV1RwXkjAnwkKPJP8sbc=');
  });

  it.each([
    'turn:127.0.0.1',
    'turn:127.0.0.1:3478?transport=tcp',
    'turns:turn.example.org:5349?transport=tcp',
    'turn:[::1]:3478',
    'stun:stun.example.org',
  ])('accepts %s', (url) => {
    expect(turnCredentials(config({ urls: [url, URLS[0] ?? ''] }), 'u', NOW_MS).urls[0]).toBe(url);
  });

  describe('rejects invalid input with a clear message', () => {
    it.each([
      [
        'an http URL',
        'http://turn.example.org',
        /must be a turn:, turns: or stun: URI[\s\S]*at urls\[0\]/,
      ],
      ['a URL with //', 'turn://turn.example.org:3478', /must be a turn:, turns: or stun: URI/],
      ['a bad transport', 'turn:turn.example.org?transport=sctp', /must be a turn:/],
      ['a stun URL with a transport', 'stun:turn.example.org?transport=udp', /must be a turn:/],
      ['a port out of range', 'turn:turn.example.org:70000', /must be a turn:/],
      ['a path', 'turn:turn.example.org/x', /must be a turn:/],
      ['not a URL', 'turn.example.org:3478', /must be a turn:/],
    ])('%s', (_what, url, message) => {
      expect(() => turnCredentials(config({ urls: [url] }), 'u', NOW_MS)).toThrow(message);
    });

    it('no URLs', () => {
      expect(() => turnCredentials(config({ urls: [] }), 'u', NOW_MS)).toThrow(
        /needs at least one URL/,
      );
    });

    it('only stun: URLs', () => {
      expect(() => turnCredentials(config({ urls: ['stun:s.example.org'] }), 'u', NOW_MS)).toThrow(
        /needs at least one turn: or turns: URL/,
      );
    });

    it('an empty secret', () => {
      expect(() => turnCredentials(config({ secret: '' }), 'u', NOW_MS)).toThrow(
        /invalid TURN server config:[\s\S]*shared secret must not be empty[\s\S]*secret/,
      );
    });

    it.each([
      [59, /at least 60/],
      [86_401, /at most 86400/],
      [600.5, /whole number/],
      [Number.NaN, /ttlSeconds/],
    ])('ttlSeconds %s', (ttlSeconds, message) => {
      expect(() => turnCredentials(config({ ttlSeconds }), 'u', NOW_MS)).toThrow(message);
    });

    it('accepts the TTL bounds themselves', () => {
      expect(turnCredentials(config({ ttlSeconds: 60 }), 'u', NOW_MS).expiresAt).toBe(
        1_700_000_060,
      );
      expect(turnCredentials(config({ ttlSeconds: 86_400 }), 'u', NOW_MS).expiresAt).toBe(
        1_700_086_400,
      );
    });

    it.each([
      ['empty', '', /invalid userId:[\s\S]*must not be empty/],
      ['with a colon', 'dr:weber', /invalid userId:[\s\S]*must not contain ':'/],
      ['with a newline', 'dr\nweber', /control characters/],
      ['too long', 'x'.repeat(257), /at most 256 bytes/],
    ])('a userId %s', (_what, userId, message) => {
      expect(() => turnCredentials(config(), userId, NOW_MS)).toThrow(message);
    });

    it('a userId that is not a string at run time', () => {
      expect(() => turnCredentials(config(), 42 as unknown as string, NOW_MS)).toThrow(
        /invalid userId/,
      );
    });

    it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])('now = %s', (now) => {
      expect(() => turnCredentials(config(), 'u', now)).toThrow(/invalid now/);
    });
  });
});
