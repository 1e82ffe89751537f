import { describe, expect, it } from 'vitest';
import type { CarePlan } from 'fhir/r4';
import { parseMonitoringPlan } from './plan';
import {
  readThresholdEditIntent,
  reapplyThresholdChanges,
  thresholdEditIntent,
} from './plan-conflict';
import { setThreshold, type ThresholdChange } from './plan-edit';
import { heartFailurePlan } from './test-data';

const me = { reference: 'Practitioner/me', display: 'Dr Me' };
const other = { reference: 'Practitioner/other', display: 'Dr Other' };

const redRise: ThresholdChange = {
  metric: 'weight',
  level: 'red',
  kind: 'rise',
  limit: { value: 1.5, unit: 'kg', window: { value: 2, unit: 'd' } },
};
const noYellowRise: ThresholdChange = {
  metric: 'weight',
  level: 'yellow',
  kind: 'rise',
  limit: null,
};

function weightRules(cp: CarePlan): string[] {
  const parsed = parseMonitoringPlan(cp);
  if (!parsed.ok) throw new Error(parsed.error);
  const weight = parsed.plan.metrics.find((m) => m.metric === 'weight');
  return (weight?.thresholds ?? []).map(
    (t) =>
      `${t.level} ${t.kind} ${t.value} ${t.unit}${t.window ? ` /${t.window.value}${t.window.unit}` : ''} by ${t.setBy?.reference ?? '?'}`,
  );
}

describe('threshold edit intent', () => {
  it('survives storage (JSON) and reads back as the same changes', () => {
    const bp: ThresholdChange = {
      metric: 'blood-pressure',
      level: 'yellow',
      kind: 'above',
      component: 'diastolic',
      limit: { value: 95, unit: 'mm[Hg]' },
    };
    const stored: unknown = JSON.parse(
      JSON.stringify(thresholdEditIntent([redRise, noYellowRise, bp])),
    );
    expect(readThresholdEditIntent(stored)).toEqual([redRise, noYellowRise, bp]);
  });

  it('anything else reads as no intent (never guessed)', () => {
    expect(readThresholdEditIntent(undefined)).toBeUndefined();
    expect(readThresholdEditIntent({ kind: 'other', changes: [redRise] })).toBeUndefined();
    expect(readThresholdEditIntent({ kind: 'threshold-edit', changes: [] })).toBeUndefined();
    const bad = { ...redRise, metric: 'temperature' };
    expect(readThresholdEditIntent({ kind: 'threshold-edit', changes: [bad] })).toBeUndefined();
    const zero = { ...redRise, limit: { value: 0, unit: 'kg' } };
    expect(readThresholdEditIntent({ kind: 'threshold-edit', changes: [zero] })).toBeUndefined();
  });
});

describe('reapplyThresholdChanges', () => {
  it("replays our changes on the server's version: theirs stay, ours win where both changed", () => {
    // Another workstation changed the red rise to 3 kg / 3 d and added a yellow "above 120 kg".
    const base: CarePlan = { ...heartFailurePlan('p1'), meta: { versionId: '1' } };
    let theirs = setThreshold(
      base,
      { ...redRise, limit: { value: 3, unit: 'kg', window: { value: 3, unit: 'd' } } },
      other,
      '2026-08-24T08:00:00Z',
    );
    if (!theirs.ok) throw new Error(theirs.error);
    theirs = setThreshold(
      theirs.carePlan,
      { metric: 'weight', level: 'yellow', kind: 'above', limit: { value: 120, unit: 'kg' } },
      other,
      '2026-08-24T08:00:00Z',
    );
    if (!theirs.ok) throw new Error(theirs.error);
    const server: CarePlan = { ...theirs.carePlan, meta: { versionId: '2' } };

    const result = reapplyThresholdChanges(
      server,
      [redRise, noYellowRise],
      me,
      '2026-08-24T09:00:00Z',
    );
    if (!result.ok) throw new Error(result.error);
    expect(weightRules(result.carePlan)).toEqual([
      'red rise 1.5 kg /2d by Practitioner/me',
      'yellow above 120 kg by Practitioner/other',
    ]);
    // Built on the server's version: the next PUT is If-Match 2.
    expect(result.carePlan.meta?.versionId).toBe('2');
    expect(weightRules(server)).toEqual([
      'red rise 3 kg /3d by Practitioner/other',
      'yellow rise 1.5 kg /3d by Practitioner/p1',
      'yellow above 120 kg by Practitioner/other',
    ]);
  });

  it('says what is wrong instead of writing a plan it cannot make', () => {
    const server: CarePlan = { ...heartFailurePlan('p1'), meta: { versionId: '2' } };
    expect(reapplyThresholdChanges(server, [], me, '2026-08-24T09:00:00Z')).toEqual({
      ok: false,
      error: 'there is no change to re-apply',
    });
    const wrongUnit: ThresholdChange = { ...redRise, limit: { value: 1, unit: 'mm[Hg]' } };
    const r = reapplyThresholdChanges(server, [wrongUnit], me, '2026-08-24T09:00:00Z');
    expect(r.ok).toBe(false);
  });
});
