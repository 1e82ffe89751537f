import { describe, expect, it } from 'vitest';
import { readJoinLink } from './patient-link';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJraW5kIjoiaW52aXRlIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('readJoinLink', () => {
  it('takes the ticket from the fragment and the WebSocket from the same host', () => {
    expect(
      readJoinLink({ hash: `#ticket=${jwt}`, protocol: 'https:', host: 'visit.example:8443' }),
    ).toEqual({ ticket: jwt, wsUrl: 'wss://visit.example:8443/ws' });
    expect(
      readJoinLink({ hash: `#ticket=${jwt}`, protocol: 'http:', host: '127.0.0.1:4000' }),
    ).toEqual({ ticket: jwt, wsUrl: 'ws://127.0.0.1:4000/ws' });
  });

  it.each(['', '#', '#ticket=', '#ticket=short', `#ticket=${jwt}<script>`, `#other=${jwt}`])(
    'has no ticket for %j',
    (hash) => {
      expect(readJoinLink({ hash, protocol: 'https:', host: 'x' }).ticket).toBeUndefined();
    },
  );
});
