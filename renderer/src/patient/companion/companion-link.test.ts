import { describe, expect, it } from 'vitest';
import { takeCompanionLink } from './companion-link';
import { TICKET } from './test-fakes';

function env(hash: string, kept: Record<string, string> = {}) {
  const items = new Map(Object.entries(kept));
  const replaced: string[] = [];
  return {
    items,
    replaced,
    location: { hash, pathname: '/patient.html', search: '?lng=de' },
    history: {
      state: null,
      replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => {
        replaced.push(String(url));
      },
    },
    storage: {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    },
  };
}

describe('takeCompanionLink', () => {
  it('takes the ticket from the fragment, keeps it for this tab and clears the address bar', () => {
    const e = env(`#companion=${TICKET}`);
    expect(takeCompanionLink(e)).toEqual({ ticket: TICKET });
    expect(e.replaced).toEqual(['/patient.html?lng=de']);
    expect(e.items.get('cw.companion.ticket')).toBe(TICKET);
  });

  it('comes back with the kept ticket after a reload (the fragment is gone by then)', () => {
    const e = env('', { 'cw.companion.ticket': TICKET });
    expect(takeCompanionLink(e)).toEqual({ ticket: TICKET });
    expect(e.replaced).toEqual([]);
  });

  it('leaves a consult link to the consult page, even in a tab that kept a companion ticket', () => {
    const e = env(`#ticket=${TICKET}`, { 'cw.companion.ticket': TICKET });
    expect(takeCompanionLink(e)).toBeUndefined();
    expect(e.replaced).toEqual([]);
  });

  it('is not a companion page without a companion fragment or a kept ticket', () => {
    expect(takeCompanionLink(env(''))).toBeUndefined();
    expect(takeCompanionLink(env('', { 'cw.companion.ticket': 'x<script>' }))).toBeUndefined();
  });

  it.each(['', 'short', `${TICKET}<script>`])(
    'opens the companion without a ticket for a damaged link (%j)',
    (ticket) => {
      const e = env(`#companion=${ticket}`);
      expect(takeCompanionLink(e)).toEqual({ ticket: undefined });
      expect(e.replaced).toEqual(['/patient.html?lng=de']);
      expect(e.items.size).toBe(0);
    },
  );

  it('replaces a kept ticket with the one of a newly opened link', () => {
    const newer = `${TICKET}-newer`;
    const e = env(`#companion=${newer}`, { 'cw.companion.ticket': TICKET });
    expect(takeCompanionLink(e)).toEqual({ ticket: newer });
    expect(e.items.get('cw.companion.ticket')).toBe(newer);
  });

  it('works when storage is blocked', () => {
    const e = env(`#companion=${TICKET}`);
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(takeCompanionLink({ ...e, storage: blocked })).toEqual({ ticket: TICKET });
    expect(takeCompanionLink({ ...env(''), storage: blocked })).toBeUndefined();
  });
});
