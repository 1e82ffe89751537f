import { describe, expect, it } from 'vitest';
import {
  daysFromFixed,
  monitoringAnchorFromEnv,
  parseAnchorSpec,
  resolveAnchor,
  shiftDateString,
} from './anchor';
import { generateDataset } from './generate';
import { ANCHOR_MS } from './prng';

const at = (iso: string): number => Date.parse(iso);

describe('the monitoring anchor', () => {
  it('reads SANDBOX_ANCHOR strictly', () => {
    expect(parseAnchorSpec('fixed')).toEqual({ kind: 'fixed' });
    expect(parseAnchorSpec(' today ')).toEqual({ kind: 'today' });
    expect(parseAnchorSpec('2026-12-05')).toEqual({ kind: 'day', date: '2026-12-05' });
    expect(() => parseAnchorSpec('2026-02-30')).toThrow(/SANDBOX_ANCHOR must be/);
    expect(() => parseAnchorSpec('tomorrow')).toThrow(/SANDBOX_ANCHOR must be/);
  });

  it('today is the latest 09:00 UTC not after the start', () => {
    const today = { kind: 'today' } as const;
    expect(resolveAnchor(today, at('2026-11-22T23:22:00Z'))).toBe(at('2026-11-22T09:00:00Z'));
    expect(resolveAnchor(today, at('2026-11-22T09:00:00Z'))).toBe(at('2026-11-22T09:00:00Z'));
    // Before 09:00 the anchor is yesterday's, so no reading is ever in the future.
    expect(resolveAnchor(today, at('2026-11-23T08:59:59Z'))).toBe(at('2026-11-22T09:00:00Z'));
    expect(resolveAnchor({ kind: 'day', date: '2027-01-10' }, 0)).toBe(at('2027-01-10T09:00:00Z'));
    expect(resolveAnchor({ kind: 'fixed' }, at('2030-01-01T00:00:00Z'))).toBe(ANCHOR_MS);
  });

  it('defaults to today; SANDBOX_ANCHOR (fixed, today or a day) wins', () => {
    const now = at('2026-11-22T23:22:00Z');
    expect(monitoringAnchorFromEnv({}, now)).toBe(at('2026-11-22T09:00:00Z'));
    expect(monitoringAnchorFromEnv({ SANDBOX_ANCHOR: 'fixed' }, now)).toBe(ANCHOR_MS);
    expect(monitoringAnchorFromEnv({ SANDBOX_ANCHOR: 'today' }, now)).toBe(
      at('2026-11-22T09:00:00Z'),
    );
    expect(monitoringAnchorFromEnv({ SANDBOX_ANCHOR: '2026-12-01' }, now)).toBe(
      at('2026-12-01T09:00:00Z'),
    );
    expect(daysFromFixed(at('2026-11-22T09:00:00Z'))).toBe(21);
  });

  it('moves dates by whole calendar days, keeping time and zone, and nothing else', () => {
    expect(shiftDateString('2026-11-01T07:10:43Z', 21)).toBe('2026-11-22T07:10:43Z');
    expect(shiftDateString('2026-11-01T07:45:00+01:00', 21)).toBe('2026-11-22T07:45:00+01:00');
    expect(shiftDateString('2026-08-03', 30)).toBe('2026-09-02');
    expect(shiftDateString('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDateString('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDateString('2026-08', 30)).toBe('2026-08');
    expect(shiftDateString('sandbox-heart-failure-home-00001', 30)).toBe(
      'sandbox-heart-failure-home-00001',
    );
    expect(shiftDateString('Weighed 2026-11-01 at the gym', 3)).toBe(
      'Weighed 2026-11-01 at the gym',
    );
  });
});

describe('generateDataset with a monitoring anchor', () => {
  const fixed = generateDataset(undefined, { monitoringAnchorMs: ANCHOR_MS });
  const anchor = at('2027-03-09T09:00:00Z'); // what "today" gives at 2027-03-10T08:00Z
  const moved = generateDataset(undefined, { monitoringAnchorMs: anchor });
  const days = daysFromFixed(anchor);
  const isMonitoring = (r: { resourceType?: unknown; id?: unknown }): boolean =>
    typeof r.id === 'string' &&
    (/-(home|cgm)-\d{5}$/.test(r.id) || r.id.startsWith('rm-') || r.resourceType === 'Device');

  it('moves only the monitoring resources, by whole days, with the same values', () => {
    expect(days).toBe(128);
    expect(moved.map((g) => g.resource.id)).toEqual(fixed.map((g) => g.resource.id));
    let checked = 0;
    fixed.forEach((g, i) => {
      const m = moved[i];
      if (!m) throw new Error('missing');
      if (!isMonitoring(g.resource)) {
        expect(m).toEqual(g);
        return;
      }
      if (g.resource.resourceType === 'Observation') {
        checked++;
        expect(m.resource.valueQuantity ?? m.resource.component).toEqual(
          g.resource.valueQuantity ?? g.resource.component,
        );
        expect(Date.parse(String(m.resource.effectiveDateTime))).toBe(
          Date.parse(String(g.resource.effectiveDateTime)) + days * 86_400_000,
        );
      }
    });
    expect(checked).toBeGreaterThan(26_000);
  });

  it('ends near the anchor: nothing later, the CGM within 5 minutes before it', () => {
    const times = moved
      .filter((g) => isMonitoring(g.resource) && g.resource.resourceType === 'Observation')
      .map((g) => Date.parse(String(g.resource.effectiveDateTime)));
    expect(Math.max(...times)).toBeLessThanOrEqual(anchor);
    expect(Math.max(...times)).toBeGreaterThan(anchor - 5 * 60_000);
    const uploads = moved.filter((g) => isMonitoring(g.resource)).map((g) => g.lastUpdated);
    expect(uploads.every((u) => Date.parse(u) <= anchor)).toBe(true);
    const plan = moved.find((g) => g.resource.id === 'rm-sandbox-heart-failure')?.resource;
    // Enrolled 90 days before the anchor, as on the fixed clock (2026-08-03).
    expect((plan?.period as { start?: string } | undefined)?.start).toBe('2026-12-09');
  });
});
