import { isUnrecognised, readObservation, type Reading } from './readings';

const now = Date.UTC(2026, 7, 24, 12, 0, 0);
const read = (r: unknown): Reading => readObservation(r, { now });

function measured(reading: Reading, slot: 'value' | 'systolic' | 'diastolic') {
  const v = reading.values[slot];
  if (v?.kind !== 'measured') throw new Error(`${slot} is not measured`);
  return v;
}

const obs = (over: Record<string, unknown>): Record<string, unknown> => ({
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '2339-0' }] },
  effectiveDateTime: '2026-08-24T08:00:00Z',
  valueQuantity: { value: 100, system: 'http://unitsofmeasure.org', code: 'mg/dL' },
  ...over,
});

describe('readObservation: bad input is flagged', () => {
  it('flags glucose 1001 mg/dL as implausible (1000 is still plausible)', () => {
    const r = read(
      obs({ valueQuantity: { value: 1001, system: 'http://unitsofmeasure.org', code: 'mg/dL' } }),
    );
    expect(r.flags).toContainEqual({
      kind: 'implausible',
      slot: 'value',
      value: 1001,
      unitSent: 'mg/dL',
    });
    expect(r.usable).toBe(false);
    const edge = read(
      obs({ valueQuantity: { value: 1000, system: 'http://unitsofmeasure.org', code: 'mg/dL' } }),
    );
    expect(edge.usable).toBe(true);
  });

  it('converts mmol/L with 18.016', () => {
    const r = read(
      obs({ valueQuantity: { value: 5, system: 'http://unitsofmeasure.org', code: 'mmol/L' } }),
    );
    expect(measured(r, 'value').canonical).toBeCloseTo(90.08, 10);
  });

  it('flags future-dated readings beyond 5 minutes of clock skew', () => {
    const later = read(obs({ effectiveDateTime: '2026-08-24T12:06:00Z' }));
    expect(later.flags).toContainEqual({
      kind: 'future-dated',
      epoch: Date.UTC(2026, 7, 24, 12, 6),
    });
    expect(later.usable).toBe(false);
    expect(read(obs({ effectiveDateTime: '2026-08-24T12:04:00Z' })).usable).toBe(true);
  });

  it('a date-only day is future only once it has begun nowhere (UTC+14)', () => {
    // now = 12:00Z: in UTC+14 it is already 02:00 on the 25th.
    expect(read(obs({ effectiveDateTime: '2026-08-25' })).usable).toBe(true);
    expect(read(obs({ effectiveDateTime: '2026-08-26' })).flags.map((f) => f.kind)).toContain(
      'future-dated',
    );
  });

  it('keeps a data-absent diastolic as missing with its reason', () => {
    const r = read(
      obs({
        code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
        valueQuantity: undefined,
        component: [
          {
            code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
            valueQuantity: { value: 150, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
          },
          {
            code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
            dataAbsentReason: { coding: [{ code: 'error' }] },
          },
        ],
      }),
    );
    expect(r.values.diastolic).toEqual({ kind: 'absent', reason: 'error' });
    expect(r.flags).toContainEqual({ kind: 'no-value', slot: 'diastolic', reason: 'error' });
    expect(r.usable).toBe(true); // the systolic still counts
    expect(measured(r, 'systolic').value).toBe(150);
  });

  it('keeps entered-in-error readings but leaves them out of the rules', () => {
    const r = read(obs({ status: 'entered-in-error' }));
    expect(r.status).toBe('entered-in-error');
    expect(r.usable).toBe(false);
    expect(r.values.value).toMatchObject({ value: 100 });
  });

  it('flags a recognised UCUM unit that does not fit the metric, and one without time', () => {
    const r = read(
      obs({
        valueQuantity: { value: 80, system: 'http://unitsofmeasure.org', code: 'kg' },
        effectiveDateTime: undefined,
      }),
    );
    expect(r.flags).toEqual([
      { kind: 'no-time' },
      { kind: 'unrecognised-unit', slot: 'value', sent: 'kg', problem: 'wrong-metric' },
    ]);
  });

  it('refuses a time of day without a zone, which would silently become local time', () => {
    const r = read(obs({ effectiveDateTime: '2026-08-24T08:00:00' }));
    expect(r.epoch).toBeUndefined();
    expect(r.flags).toContainEqual({ kind: 'no-time', sent: '2026-08-24T08:00:00' });
    expect(r.usable).toBe(false);
    expect(read(obs({ effectiveDateTime: 'yesterday' })).flags).toContainEqual({
      kind: 'no-time',
      sent: 'yesterday',
    });
  });

  it('flags codes naming two metrics as ambiguous', () => {
    const r = read(
      obs({
        code: {
          coding: [
            { system: 'http://loinc.org', code: '2339-0' },
            { system: 'http://loinc.org', code: '29463-7' },
          ],
        },
      }),
    );
    expect(r.metric).toBeUndefined();
    expect(isUnrecognised(r)).toBe(true);
    expect(r.flags[0]).toMatchObject({
      kind: 'unrecognised-code',
      ambiguous: ['glucose', 'weight'],
    });
  });

  it('censored "< 20 mg/dL" keeps its comparator and is flagged', () => {
    const r = read(
      obs({
        valueQuantity: {
          value: 20,
          comparator: '<',
          system: 'http://unitsofmeasure.org',
          code: 'mg/dL',
        },
      }),
    );
    expect(measured(r, 'value').comparator).toBe('<');
    expect(r.flags).toContainEqual({ kind: 'censored', slot: 'value', comparator: '<' });
  });

  it('gives an id-less Observation a stable fingerprint id', () => {
    const a = read(obs({ id: undefined }));
    const b = read(obs({ id: undefined }));
    expect(a.id).toMatch(/^anon-[0-9a-f]{8}$/);
    expect(a.id).toBe(b.id);
    expect(a.reference).toBeUndefined();
  });
});
