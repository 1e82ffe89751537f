import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attemptFor,
  clearPending,
  loadPending,
  newReadingId,
  savePending,
} from './reading-attempt';
import type { ReadingDraft } from './reading-draft';
import { sequentialIds } from './test-fakes';

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

const weight = (value: string, at = ''): ReadingDraft => ({
  metric: 'weight',
  systolic: '',
  diastolic: '',
  value,
  unit: 'kg',
  at,
});
const first = new Date('2026-11-02T06:15:00Z');
const later = new Date('2026-11-02T06:45:00Z');

describe('attemptFor', () => {
  it('resends an unchanged reading under the same id and with the time of the first try', () => {
    const ids = sequentialIds();
    const a = attemptFor(weight('82,4'), undefined, first, ids);
    expect(a?.body).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      metric: 'weight',
      value: 82.4,
      unit: 'kg',
      at: '2026-11-02T07:15:00+01:00',
    });
    expect(attemptFor(weight('82,4'), a, later, ids)).toBe(a);
    // "82.4" is the same reading as "82,4".
    expect(attemptFor(weight('82.4'), a, later, ids)).toBe(a);
  });

  it('makes a new id for a changed reading', () => {
    const ids = sequentialIds();
    const a = attemptFor(weight('82,4'), undefined, first, ids);
    const b = attemptFor(weight('84,2'), a, later, ids);
    expect(b?.body).toEqual({
      id: '00000000-0000-4000-8000-000000000002',
      metric: 'weight',
      value: 84.2,
      unit: 'kg',
      at: '2026-11-02T07:45:00+01:00',
    });
  });

  it('sends the time the patient typed, with seconds and the offset', () => {
    const a = attemptFor(weight('82,4', '2026-11-01T21:30'), undefined, first, sequentialIds());
    expect(a?.body.at).toBe('2026-11-01T21:30:00+01:00');
  });

  it('has nothing to send for a draft that is not a reading', () => {
    expect(attemptFor(weight('heavy'), undefined, first, sequentialIds())).toBeUndefined();
    expect(
      attemptFor(weight('82', 'yesterday'), undefined, first, sequentialIds()),
    ).toBeUndefined();
  });
});

describe('pending reading', () => {
  function memoryStorage() {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
  }

  it('keeps an unsent reading for its link only, until cleared', () => {
    const storage = memoryStorage();
    const draft = weight('82,4');
    const attempt = attemptFor(draft, undefined, first, sequentialIds());
    if (!attempt) throw new Error('no attempt');
    savePending(storage, 'link-1', { draft, attempt });
    expect(loadPending(storage, 'link-1')).toEqual({ draft, attempt });
    expect(loadPending(storage, 'link-2')).toBeUndefined();
    clearPending(storage);
    expect(loadPending(storage, 'link-1')).toBeUndefined();
  });

  it('ignores what it cannot read', () => {
    const storage = memoryStorage();
    storage.items.set('cw.companion.pending', '{"link":"link-1","draft":{}}');
    expect(loadPending(storage, 'link-1')).toBeUndefined();
    storage.items.set('cw.companion.pending', 'not json');
    expect(loadPending(storage, 'link-1')).toBeUndefined();
  });
});

describe('newReadingId', () => {
  it('uses crypto.randomUUID where the browser offers it', () => {
    expect(newReadingId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(newReadingId({ randomUUID: () => 'from-randomUUID', getRandomValues: (a) => a })).toBe(
      'from-randomUUID',
    );
  });

  it('builds a version-4 UUID from random bytes where it does not (plain http)', () => {
    const ff = {
      getRandomValues: <T extends ArrayBufferView | null>(a: T): T => {
        if (a instanceof Uint8Array) a.fill(0xff);
        return a;
      },
    };
    // All bits set, then version nibble 4 and variant bits 10: ...-4fff-bfff-...
    expect(newReadingId(ff)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});
