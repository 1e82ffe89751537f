import { evaluateMissed, wearFraction } from './missed';
import { parseMonitoringPlan, type MonitoringPlan } from './plan';
import { readObservation, type Reading } from './readings';
import { groupReadings } from './series';
import { activity, carePlan, observation } from './test-data';

function plan(cp: unknown): MonitoringPlan {
  const r = parseMonitoringPlan(cp);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

const iso = (epoch: number): string => new Date(epoch).toISOString();
const reading = (id: string, loinc: string, at: string, value: number, unit: string): Reading =>
  readObservation(observation(id, 'p1', loinc, at, { value, unit }), { now: Date.UTC(2030, 0, 1) });
const weight = (id: string, at: string): Reading => reading(id, '29463-7', at, 80, 'kg');
const dailyWeight = (start: string): MonitoringPlan =>
  plan(carePlan('p1', [activity('29463-7', 1, [])], start));

function missed(p: MonitoringPlan, readings: Reading[], now: number) {
  return evaluateMissed(p, groupReadings(readings), { now }).map((a) => ({
    id: a.id,
    at: a.at,
    text: a.text,
  }));
}

describe('spot readings', () => {
  const p = dailyWeight('2026-08-01');
  const last = weight('w1', '2026-08-22T08:00:00Z');

  it('daily weight: missed after 1.5 days (36 h) without a reading', () => {
    expect(missed(p, [last], Date.UTC(2026, 7, 23, 19, 59))).toEqual([]);
    expect(missed(p, [last], Date.UTC(2026, 7, 23, 20, 1))).toEqual([
      {
        id: 'p1:weight:missed:w1',
        at: Date.UTC(2026, 7, 23, 20, 0),
        text: 'No weight reading for 1.5 days (expected 1 a day)',
      },
    ]);
  });

  it('counts from the plan start when nothing arrived since (date-only start = UTC midnight)', () => {
    const fresh = dailyWeight('2026-08-24');
    const before = weight('w0', '2026-08-20T08:00:00Z'); // before enrolment: not an anchor
    expect(missed(fresh, [before], Date.UTC(2026, 7, 24, 20))).toEqual([]);
    expect(missed(fresh, [before], Date.UTC(2026, 7, 25, 13))).toEqual([
      {
        id: 'p1:weight:missed:start',
        at: Date.UTC(2026, 7, 25, 12),
        text: 'No weight reading since monitoring started 1.5 days ago (expected 1 a day)',
      },
    ]);
  });

  it('twice-daily BP is missed after 18 h; future-dated and implausible readings do not count', () => {
    const bpPlan = plan(carePlan('p1', [activity('85354-9', 2, [])], '2026-08-01'));
    const ok = readObservation(
      observation('b1', 'p1', '85354-9', '2026-08-24T00:00:00Z', { sys: 120, dia: 80 }),
      {
        now: Date.UTC(2026, 7, 24, 19),
      },
    );
    const future = readObservation(
      observation('b2', 'p1', '85354-9', '2026-08-25T00:00:00Z', { sys: 120, dia: 80 }),
      {
        now: Date.UTC(2026, 7, 24, 19),
      },
    );
    expect(missed(bpPlan, [ok, future], Date.UTC(2026, 7, 24, 17, 59))).toEqual([]);
    expect(missed(bpPlan, [ok, future], Date.UTC(2026, 7, 24, 19))).toEqual([
      {
        id: 'p1:blood-pressure:missed:b1',
        at: Date.UTC(2026, 7, 24, 18),
        text: 'No blood pressure reading for 19 hours (expected 2 a day)',
      },
    ]);
  });

  it('says so when there is neither a start date nor any reading', () => {
    const noStart = plan({ ...carePlan('p1', [activity('29463-7', 1, [])]), period: undefined });
    expect(missed(noStart, [], Date.UTC(2026, 7, 24))).toEqual([
      {
        id: 'p1:weight:missed:start',
        at: Date.UTC(2026, 7, 24),
        text: 'No weight reading yet (expected 1 a day)',
      },
    ]);
  });

  it('no missed alerts for inactive metrics, metrics without frequency, or after the plan ended', () => {
    const held = activity('29463-7', 1, []);
    if (held.detail) held.detail.status = 'on-hold';
    expect(missed(plan(carePlan('p1', [held], '2026-08-01')), [], Date.UTC(2026, 7, 24))).toEqual(
      [],
    );
    expect(
      missed(
        plan(carePlan('p1', [activity('29463-7', undefined, [])], '2026-08-01')),
        [],
        Date.UTC(2026, 7, 24),
      ),
    ).toEqual([]);
    const ended = plan({
      ...carePlan('p1', [activity('29463-7', 1, [])]),
      period: { start: '2026-08-01', end: '2026-08-10' },
    });
    expect(missed(ended, [], Date.UTC(2026, 7, 24))).toEqual([]);
  });
});

describe('continuous readings (CGM, 288 a day)', () => {
  const p = plan(carePlan('p1', [activity('99504-3', 288, [])], '2026-08-01'));
  const now = Date.UTC(2026, 7, 24, 12);
  const FIVE_MIN = 300_000;

  /** One reading every 5 minutes from `from` (inclusive) to `to` (exclusive). */
  function cgm(from: number, to: number): Reading[] {
    const out: Reading[] = [];
    for (let t = from; t < to; t += FIVE_MIN)
      out.push(reading(`c${String(t)}`, '99504-3', iso(t), 120, 'mg/dL'));
    return out;
  }

  it('no alert for normal 5-minute gaps with good wear', () => {
    expect(missed(p, cgm(now - 14 * 86_400_000, now - FIVE_MIN), now)).toEqual([]);
  });

  it('wear below 70 % over 14 days: 9 of 14 days worn is 64 %', () => {
    const readings = cgm(now - 14 * 86_400_000, now - 5 * 86_400_000);
    expect(wearFraction(readings, 288, now - 14 * 86_400_000, now)).toBeCloseTo(9 / 14, 12);
    const alerts = missed(p, readings, now);
    expect(alerts).toContainEqual({
      id: 'p1:cgm-glucose:cgm-wear:2026-08-24',
      at: now,
      text: 'CGM worn 64% of the last 14 days (target at least 70%)',
    });
    // The last reading was 5 days ago: a data gap as well.
    expect(alerts.map((a) => a.text)).toContain('No CGM data for 5 days');
  });

  it('a data gap of a day or more, counted from the last reading', () => {
    const readings = cgm(now - 10 * 86_400_000, now - 30 * 3_600_000);
    const last = readings.at(-1);
    const alerts = missed(p, readings, now);
    expect(alerts[0]).toEqual({
      id: `p1:cgm-glucose:cgm-gap:${last?.id ?? ''}`,
      at: (last?.epoch ?? 0) + 86_400_000,
      text: 'No CGM data for 1.3 days', // 30 h 5 min
    });
  });

  it('duplicates in one 5-minute slot count once', () => {
    const start = Date.UTC(2026, 7, 24, 0);
    const twice = [...cgm(start, start + 3_600_000), ...cgm(start, start + 3_600_000)];
    expect(wearFraction(twice, 288, start, start + 2 * 3_600_000)).toBe(0.5);
  });

  it('wear is not judged on the first day of monitoring', () => {
    const fresh = plan(carePlan('p1', [activity('99504-3', 288, [])], '2026-08-24T06:00:00Z'));
    expect(missed(fresh, cgm(Date.UTC(2026, 7, 24, 6), Date.UTC(2026, 7, 24, 7)), now)).toEqual([]);
  });
});
