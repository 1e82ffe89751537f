import type { Observation } from 'fhir/r4';
import phdBp from '../../../shared/fixtures/monitoring/phd_compound-numeric-blood-pressure.json';
import {
  buildAcknowledgeTask,
  buildInvalidation,
  buildSnoozeTask,
  collectAlertActions,
  focusOf,
  parseAlertTask,
} from './actions';
import { readObservation } from './readings';
import { evaluateThresholds } from './rules';
import { parseMonitoringPlan } from './plan';
import { groupReadings } from './series';
import { activity, carePlan, thresholdExt } from './test-data';

const drWeber = { reference: 'Practitioner/p1', display: 'Dr Anna Weber' };
const base = {
  id: '6f1c8a9e-0000-4000-8000-000000000001',
  patientId: 'patientExample-1',
  alertIds: ['patientExample-1:blood-pressure:red-above-systolic:compound-numeric-blood-pressure'],
  focus: 'Observation/compound-numeric-blood-pressure',
  practitioner: drWeber,
  authoredOn: '2026-08-24T10:15:00Z',
};

describe('alert Tasks', () => {
  it('builds the contract acknowledge Task, and reads it back', () => {
    const task = buildAcknowledgeTask({ ...base, note: '  Called the patient; cuff was loose.  ' });
    expect(task).toEqual({
      resourceType: 'Task',
      id: base.id,
      status: 'completed',
      intent: 'order',
      code: {
        coding: [
          {
            system: 'http://clinician-workstation.example/fhir/CodeSystem/monitoring-task',
            code: 'acknowledge-alert',
            display: 'Acknowledge alert',
          },
        ],
      },
      for: { reference: 'Patient/patientExample-1' },
      focus: { reference: 'Observation/compound-numeric-blood-pressure' },
      input: [{ type: { text: 'alert' }, valueString: base.alertIds[0] }],
      note: [
        {
          text: 'Called the patient; cuff was loose.',
          authorReference: drWeber,
          time: '2026-08-24T10:15:00Z',
        },
      ],
      requester: drWeber,
      owner: drWeber,
      authoredOn: '2026-08-24T10:15:00Z',
      lastModified: '2026-08-24T10:15:00Z',
    });
    expect(parseAlertTask(task)).toEqual({
      kind: 'acknowledge',
      patientId: 'patientExample-1',
      acknowledgement: {
        alertIds: base.alertIds,
        taskId: base.id,
        at: Date.UTC(2026, 7, 24, 10, 15),
        note: 'Called the patient; cuff was loose.',
      },
    });
  });

  it('builds snoozes until a date or until the next reading', () => {
    const untilDate = buildSnoozeTask({ ...base, until: '2026-08-26T08:00:00Z' });
    expect(untilDate.status).toBe('on-hold');
    expect(untilDate.code?.coding?.[0]?.code).toBe('snooze-alert');
    expect(untilDate.restriction).toEqual({ period: { end: '2026-08-26T08:00:00Z' } });
    expect(parseAlertTask(untilDate)).toMatchObject({
      kind: 'snooze',
      snooze: { at: Date.UTC(2026, 7, 24, 10, 15), until: Date.UTC(2026, 7, 26, 8) },
    });
    const untilNext = buildSnoozeTask(base);
    expect(untilNext.restriction).toBeUndefined();
    const parsed = parseAlertTask(untilNext);
    expect(parsed.kind === 'snooze' && parsed.snooze).toEqual({
      alertIds: base.alertIds,
      at: Date.UTC(2026, 7, 24, 10, 15),
      taskId: base.id,
    });
  });

  it('snoozes through a calendar day: the date is written and read back as a date', () => {
    const task = buildSnoozeTask({ ...base, untilDate: '2026-08-31' });
    expect(task.restriction).toEqual({ period: { end: '2026-08-31' } });
    const parsed = parseAlertTask(task);
    expect(parsed.kind === 'snooze' && parsed.snooze).toEqual({
      alertIds: base.alertIds,
      at: Date.UTC(2026, 7, 24, 10, 15),
      taskId: base.id,
      untilDate: '2026-08-31',
    });
    expect(() => buildSnoozeTask({ ...base, untilDate: '2026-02-30' })).toThrow(/calendar date/);
    expect(() => buildSnoozeTask({ ...base, untilDate: '2026-08' })).toThrow(/calendar date/);
    expect(() =>
      buildSnoozeTask({ ...base, untilDate: '2026-08-31', until: '2026-08-31T08:00:00Z' }),
    ).toThrow(/not both/);
    // A partial date sent by someone else is listed, never read as some day of that month.
    const partial = { ...task, restriction: { period: { end: '2026-08' } } };
    expect(parseAlertTask(partial)).toEqual({
      kind: 'invalid',
      reason: `Task/${base.id}: restriction.period.end "2026-08" is not a full date (YYYY-MM-DD)`,
    });
  });

  it('refuses empty alert lists and dates without a zone', () => {
    expect(() => buildAcknowledgeTask({ ...base, alertIds: [] })).toThrow(/at least one alert/);
    expect(() => buildAcknowledgeTask({ ...base, authoredOn: '2026-08-24T10:15:00' })).toThrow(
      /authoredOn must be a dateTime/,
    );
    expect(() => buildSnoozeTask({ ...base, until: '2026-08-26' })).toThrow(/until must be/);
  });

  it('collects acknowledgements and snoozes, skipping ended snoozes and listing bad Tasks', () => {
    const ended = { ...buildSnoozeTask({ ...base, id: 's2' }), status: 'cancelled' };
    const foreign = { resourceType: 'Task', id: 'x', status: 'completed', intent: 'order' };
    const noAlert = { ...buildAcknowledgeTask({ ...base, id: 'a2' }), input: [] };
    const r = collectAlertActions([
      buildAcknowledgeTask(base),
      buildSnoozeTask({ ...base, id: 's1' }),
      ended,
      foreign,
      noAlert,
      { resourceType: 'Observation' },
    ]);
    expect(r.acknowledgements).toHaveLength(1);
    expect(r.snoozes.map((s) => s.taskId)).toEqual(['s1']);
    expect(r.problems).toEqual([
      'Task/x is not an alert acknowledgement or snooze',
      'Task/a2 names no alert',
      expect.stringMatching(/^resourceType: /),
    ]);
    expect(parseAlertTask(ended)).toEqual({ kind: 'inactive', reason: 'Task/s2 is cancelled' });
  });

  it('focuses on the reading that raised the alert (PHD BP fixture)', () => {
    const now = Date.UTC(2018, 10, 12);
    const reading = readObservation(phdBp, { now });
    const plan = parseMonitoringPlan(
      carePlan(
        'patientExample-1',
        [
          activity('85354-9', 2, [
            thresholdExt('red', 'above', 110, 'mm[Hg]', { component: '8480-6' }),
          ]),
        ],
        '2018-11-01',
      ),
    );
    if (!plan.ok) throw new Error(plan.error);
    const [alert] = evaluateThresholds(plan.plan, groupReadings([reading]), { now });
    expect(alert?.id).toBe(base.alertIds[0]);
    expect(alert && focusOf(alert)).toBe('Observation/compound-numeric-blood-pressure');
  });
});

describe('buildInvalidation', () => {
  it('marks the Observation entered-in-error and records who, when and why', () => {
    const obs = phdBp as Observation;
    const { observation, provenance } = buildInvalidation({
      observation: obs,
      provenanceId: 'prov-1',
      reason: 'Reading taken with the cuff over clothing',
      practitioner: drWeber,
      recorded: '2026-08-24T10:20:00Z',
    });
    expect(observation.status).toBe('entered-in-error');
    expect({ ...observation, status: obs.status }).toEqual(obs); // nothing else changed
    expect(obs.status).toBe('final'); // the input is not modified
    expect(provenance).toEqual({
      resourceType: 'Provenance',
      id: 'prov-1',
      target: [{ reference: 'Observation/compound-numeric-blood-pressure' }],
      recorded: '2026-08-24T10:20:00Z',
      activity: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
            code: 'UPDATE',
            display: 'revise',
          },
        ],
      },
      reason: [{ text: 'Reading taken with the cuff over clothing' }],
      agent: [
        {
          type: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
                code: 'author',
                display: 'Author',
              },
            ],
          },
          who: drWeber,
        },
      ],
    });
    expect(readObservation(observation, { now: Date.UTC(2026, 7, 24) }).usable).toBe(false);
  });

  it('needs an id and a reason', () => {
    const input = { provenanceId: 'p', practitioner: drWeber, recorded: '2026-08-24T10:20:00Z' };
    expect(() =>
      buildInvalidation({
        ...input,
        observation: { ...(phdBp as Observation), id: undefined },
        reason: 'x',
      }),
    ).toThrow(/with an id/);
    expect(() =>
      buildInvalidation({ ...input, observation: phdBp as Observation, reason: '  ' }),
    ).toThrow(/needs a reason/);
  });
});
