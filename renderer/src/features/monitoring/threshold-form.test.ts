import { describe, expect, it } from 'vitest';
import type { CarePlan } from 'fhir/r4';
import { heartFailurePlan } from '../../../../shared/monitoring/test-data';
import type { Threshold } from '../../../../shared/monitoring/threshold';
import {
  formFor,
  editBase,
  type QueuedPlan,
  parseNumber,
  validateThresholdForm,
  type ThresholdForm,
} from './threshold-form';

const form = (over: Partial<ThresholdForm>): ThresholdForm => ({
  ...formFor('weight'),
  ...over,
});

describe('validateThresholdForm', () => {
  it('turns a relative weight limit into a change with its window', () => {
    const r = validateThresholdForm(
      'weight',
      form({ level: 'yellow', kind: 'rise', value: '1,5', windowValue: '3', windowUnit: 'd' }),
      [],
    );
    expect(r).toEqual({
      ok: true,
      warnings: [],
      change: {
        metric: 'weight',
        level: 'yellow',
        kind: 'rise',
        limit: { value: 1.5, unit: 'kg', window: { value: 3, unit: 'd' } },
      },
    });
  });

  it('needs a BP component, a positive number and a window for a rise', () => {
    const bp = validateThresholdForm(
      'blood-pressure',
      { ...formFor('blood-pressure'), value: '180' },
      [],
    );
    expect(bp.ok && bp.change).toMatchObject({ component: 'systolic', limit: { value: 180 } });
    const noComponent = validateThresholdForm(
      'blood-pressure',
      { ...formFor('blood-pressure'), component: undefined, value: '180' },
      [],
    );
    expect(noComponent).toEqual({ ok: false, errors: [{ key: 'component' }] });
    expect(validateThresholdForm('weight', form({ value: '' }), [])).toEqual({
      ok: false,
      errors: [{ key: 'value' }],
    });
    expect(validateThresholdForm('weight', form({ value: '-2' }), [])).toMatchObject({ ok: false });
    expect(
      validateThresholdForm('weight', form({ kind: 'rise', value: '2', windowValue: '0' }), []),
    ).toEqual({ ok: false, errors: [{ key: 'window' }] });
  });

  it('refuses limits no device can reach, in the unit as typed', () => {
    // Glucose in mmol/L: 60 mmol/L = 1081 mg/dL, above the 1000 mg/dL a meter can report.
    const r = validateThresholdForm(
      'glucose',
      { ...formFor('glucose'), value: '60', unit: 'mmol/L' },
      [],
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        { key: 'outsidePlausible', values: { low: 10, high: 1000, span: 990, unit: 'mg/dL' } },
      ],
    });
    // 3.9 mmol/L is fine (70 mg/dL).
    expect(
      validateThresholdForm('glucose', { ...formFor('glucose'), value: '3.9', unit: 'mmol/L' }, [])
        .ok,
    ).toBe(true);
    // A unit the metric does not take (kg for SpO2).
    expect(
      validateThresholdForm('spo2', { ...formFor('spo2'), value: '90', unit: 'kg' }, []),
    ).toMatchObject({ ok: false, errors: [{ key: 'unit' }] });
  });

  it('warns when a red limit is milder than the yellow one of the same rule', () => {
    const yellow: Threshold = {
      level: 'yellow',
      kind: 'above',
      component: 'systolic',
      value: 180,
      unit: 'mm[Hg]',
    };
    const r = validateThresholdForm(
      'blood-pressure',
      { ...formFor('blood-pressure'), level: 'red', kind: 'above', value: '160' },
      [yellow],
    );
    expect(r.ok && r.warnings).toEqual([{ key: 'redMilderThanYellow' }]);
    // Below: red must be the lower one. Red below 70 with yellow below 60 is milder.
    const low: Threshold = { level: 'yellow', kind: 'below', value: 60, unit: 'mg/dL' };
    const g = validateThresholdForm(
      'glucose',
      { ...formFor('glucose'), level: 'red', kind: 'below', value: '70' },
      [low],
    );
    expect(g.ok && g.warnings).toEqual([{ key: 'redMilderThanYellow' }]);
    // Units are compared converted: yellow below 3.3 mmol/L (59.5 mg/dL), red below 54 mg/dL: fine.
    const mmol: Threshold = { level: 'yellow', kind: 'below', value: 3.3, unit: 'mmol/L' };
    const ok = validateThresholdForm(
      'glucose',
      { ...formFor('glucose'), level: 'red', kind: 'below', value: '54' },
      [mmol],
    );
    expect(ok.ok && ok.warnings).toEqual([]);
  });

  it('parses numbers strictly', () => {
    expect(parseNumber(' 2.5 ')).toBe(2.5);
    expect(parseNumber('2,5')).toBe(2.5);
    expect(parseNumber('2.5kg')).toBeUndefined();
    expect(parseNumber('1e3')).toBeUndefined();
  });
});

describe('editBase', () => {
  const cached: CarePlan = { ...heartFailurePlan('p1'), meta: { versionId: '3' } };
  const fetchedAt = 10_000;
  const edit = (
    id: string,
    createdAt: number,
    state: QueuedPlan['state'],
    sentAt?: number,
  ): QueuedPlan => ({
    id,
    body: { ...cached, title: id },
    createdAt,
    state,
    ifMatch: '3',
    ...(sentAt !== undefined ? { sentAt } : {}),
  });

  it('starts from the cache at its version when nothing newer is queued', () => {
    expect(editBase(cached, fetchedAt, [])).toEqual({ carePlan: cached, ifMatch: '3' });
    const unversioned: CarePlan = { ...cached, meta: {} };
    expect(editBase(unversioned, fetchedAt, [])).toEqual({ carePlan: unversioned });
  });

  it('builds on the newest queued edit, with its If-Match version and its entry id', () => {
    const queued = [edit('first', 1, 'sent', 20_000), edit('second', 2, 'pending')];
    const base = editBase(cached, fetchedAt, queued);
    expect(base.carePlan.title).toBe('second');
    expect(base).toMatchObject({ ifMatch: '3', basedOn: 'second' });
  });

  it('a sent edit counts until a copy fetched after it is cached, even at another version', () => {
    // The cache moved to version 4 (someone else, or an in-between copy) before ours landed.
    const moved: CarePlan = { ...cached, title: 'server', meta: { versionId: '4' } };
    expect(editBase(moved, 15_000, [edit('mine', 5, 'sent', 20_000)]).basedOn).toBe('mine');
    // Fetched after ours was sent: the cache holds it (or something newer).
    expect(editBase(moved, 25_000, [edit('mine', 5, 'sent', 20_000)])).toEqual({
      carePlan: moved,
      ifMatch: '4',
    });
  });

  it('failed writes (rejected or in conflict) and other CarePlans are never built on', () => {
    expect(editBase(cached, fetchedAt, [edit('lost', 5, 'failed')]).carePlan).toBe(cached);
    const other = { ...edit('other', 6, 'pending'), body: { ...cached, id: 'rm-p2' } };
    expect(editBase(cached, fetchedAt, [other]).carePlan).toBe(cached);
  });
});
