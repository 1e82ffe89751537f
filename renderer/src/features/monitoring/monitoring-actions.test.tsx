// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CarePlan, Task } from 'fhir/r4';
import { parseMonitoringPlan } from '../../../../shared/monitoring/plan';
import { findUntranslated } from '../../../../test/support/render';
import { openOffline, renderAudit, USER, type Offline } from '../audit/audit-test-support';
import { AlertList } from './AlertList';
import { monitoredPatient } from './patient-fixture';
import { ThresholdEditor } from './ThresholdEditor';
import { VersionedServerFake } from '../../offline/versioned-server-fake';

let offline: Offline | undefined;
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  offline?.scope.close();
  offline = undefined;
  vi.restoreAllMocks();
});

async function queued(o: Offline, type: string) {
  const entries = (await o.scope.outbox.list()).filter((e) => e.resourceType === type);
  return Promise.all(
    entries.map(async (e) => ({ entry: e, body: await o.scope.outbox.body(e.id) })),
  );
}

describe('ThresholdEditor', () => {
  it('queues one CarePlan PUT with who and when, audits it, and builds the next edit on it', async () => {
    offline = await openOffline();
    const o = offline;
    // Held back while editing (the second edit must build on the first while it is queued);
    // sent explicitly below to a versioned server holding the plan at version 1.
    const { patient } = monitoredPatient();
    const server = new VersionedServerFake();
    server.seed(patient.carePlan, '1');
    const send = () => o.scope.outbox.flush(server, { force: true });
    const flush = vi.fn(() => Promise.resolve());
    o.services.flushOutbox = flush;
    const saved = vi.fn();
    const { log } = renderAudit(<ThresholdEditor patient={patient} onSaved={saved} />, {
      offline: o,
    });
    const weight = screen
      .getAllByTestId('metric-thresholds')
      .find((el) => el.dataset.metric === 'weight');
    if (!weight) throw new Error('no weight section');
    // The plan's two weight thresholds, each with who set it and when.
    expect(within(weight).getAllByTestId('threshold-row')).toHaveLength(2);
    expect(within(weight).getAllByTestId('threshold-set-by')[0]).toHaveTextContent(
      'Set by Dr Anna Weber, Aug 24, 2026',
    );

    await userEvent.click(within(weight).getByTestId('threshold-add'));
    await userEvent.selectOptions(within(weight).getByTestId('threshold-level'), 'yellow');
    await userEvent.type(within(weight).getByTestId('threshold-value'), '120');
    await userEvent.dblClick(within(weight).getByTestId('threshold-save'));
    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));

    const first = await queued(o, 'CarePlan');
    expect(first).toHaveLength(1);
    const plan = parseMonitoringPlan(first[0]?.body);
    if (!plan.ok) throw new Error(plan.error);
    const added = plan.plan.metrics
      .find((m) => m.metric === 'weight')
      ?.thresholds.find((t) => t.level === 'yellow' && t.kind === 'above');
    expect(added).toMatchObject({ value: 120, unit: 'kg', setBy: { reference: USER } });
    expect(added?.setAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(flush).toHaveBeenCalled();
    await waitFor(() =>
      expect(log.entries.map((e) => [e.action, e.entity?.reference])).toEqual([
        ['threshold-changed', 'CarePlan/rm-p1'],
      ]),
    );

    // The cache still has version 1: removing a rise threshold must keep the new yellow limit.
    const rows = within(weight).getAllByTestId('threshold-row');
    const rise = rows.find((r) => r.dataset.level === 'red' && r.dataset.kind === 'rise');
    if (!rise) throw new Error('no red rise row');
    await userEvent.click(within(rise).getByTestId('threshold-remove'));
    await waitFor(() => expect(saved).toHaveBeenCalledTimes(2));
    const second = (await queued(o, 'CarePlan'))[1]?.body as CarePlan;
    const parsed = parseMonitoringPlan(second);
    if (!parsed.ok) throw new Error(parsed.error);
    const kept = parsed.plan.metrics.find((m) => m.metric === 'weight')?.thresholds ?? [];
    expect(kept.map((t) => `${t.level}-${t.kind}`).sort()).toEqual(['yellow-above', 'yellow-rise']);
    // Sent as versioned whole-resource PUTs, once per save, in order: the second was built on
    // the first, so after the first landed (version 2) it is sent against version 2.
    expect((await send()).conflicts).toEqual([]);
    expect(server.log.filter((l) => l.includes('CarePlan/'))).toEqual([
      'PUT CarePlan/rm-p1 If-Match W/"1"',
      'PUT CarePlan/rm-p1 If-Match W/"1"',
      'GET CarePlan/rm-p1',
      'PUT CarePlan/rm-p1 If-Match W/"2"',
    ]);
    const { meta, ...stored } = server.get('CarePlan', 'rm-p1') as CarePlan;
    expect(meta?.versionId).toBe('3');
    expect(stored).toEqual({ ...second, meta: undefined, id: 'rm-p1' });
  });

  it('says what is wrong with a limit and does not save it', async () => {
    offline = await openOffline();
    const { patient } = monitoredPatient();
    renderAudit(<ThresholdEditor patient={patient} onSaved={() => undefined} />, { offline });
    const bp = screen
      .getAllByTestId('metric-thresholds')
      .find((el) => el.dataset.metric === 'blood-pressure');
    if (!bp) throw new Error('no BP section');
    await userEvent.click(within(bp).getByTestId('threshold-add'));
    await userEvent.type(within(bp).getByTestId('threshold-value'), '400');
    expect(within(bp).getByTestId('threshold-errors')).toHaveTextContent(
      'No device reports a value outside 40–300 mmHg',
    );
    expect(within(bp).getByTestId('threshold-save')).toBeDisabled();
    expect(await offline.scope.outbox.list()).toEqual([]);
  });
});

describe('AlertList snoozes', () => {
  it('snoozes through a date as a date-only Task end, queued once', async () => {
    offline = await openOffline();
    const o = offline;
    o.services.flushOutbox = () => Promise.resolve();
    const { row } = monitoredPatient();
    const done = vi.fn();
    renderAudit(<AlertList row={row} onDone={done} />, { offline: o });
    const alert = screen.getAllByTestId('monitoring-alert')[0];
    if (!alert) throw new Error('no alert');
    await userEvent.click(within(alert).getByTestId('snooze-date'));
    const input = within(alert).getByTestId('snooze-until-date');
    fireEvent.change(input, { target: { value: '2099-01-31' } });
    await userEvent.dblClick(within(alert).getByTestId('snooze-date-confirm'));
    await waitFor(() => expect(done).toHaveBeenCalledTimes(1));
    const tasks = await queued(o, 'Task');
    expect(tasks).toHaveLength(1);
    const task = tasks[0]?.body as Task;
    expect(task.status).toBe('on-hold');
    expect(task.restriction).toEqual({ period: { end: '2099-01-31' } });
    expect(task.input?.[0]?.valueString).toBe(alert.dataset.alertId);
  });

  it('refuses a date in the past', async () => {
    offline = await openOffline();
    const { row } = monitoredPatient();
    renderAudit(<AlertList row={row} onDone={() => undefined} />, { offline });
    const alert = screen.getAllByTestId('monitoring-alert')[0];
    if (!alert) throw new Error('no alert');
    await userEvent.click(within(alert).getByTestId('snooze-date'));
    fireEvent.change(within(alert).getByTestId('snooze-until-date'), {
      target: { value: '2020-01-01' },
    });
    expect(within(alert).getByTestId('snooze-date-confirm')).toBeDisabled();
    expect(within(alert).getByText('Choose today or a later date.')).toBeInTheDocument();
  });

  it('lists snoozed alerts with the day they are snoozed through, as picked', async () => {
    offline = await openOffline();
    const { patient } = monitoredPatient();
    const base = monitoredPatient();
    const alertId = base.row.alerts[0]?.id ?? '';
    const row = {
      ...base.row,
      alerts: base.row.alerts.slice(1),
      snoozed: [
        {
          alert: base.row.alerts[0] ?? patient.readings[0],
          snooze: { alertIds: [alertId], at: 0, untilDate: '2026-12-01' },
        },
      ],
    } as typeof base.row;
    renderAudit(<AlertList row={row} onDone={() => undefined} />, { offline });
    const item = screen.getByTestId('snoozed-alert');
    // A date-only value is never shifted by the zone: Dec 1 stays Dec 1.
    expect(item).toHaveTextContent('snoozed through Dec 1, 2026');
    expect(item.dataset.untilDate).toBe('2026-12-01');
  });
});

describe('pseudo-locale', () => {
  it('thresholds, alerts, snoozes and their forms all go through i18n', async () => {
    offline = await openOffline();
    const base = monitoredPatient();
    const [first, ...rest] = base.row.alerts;
    if (!first) throw new Error('no alert');
    const row = {
      ...base.row,
      alerts: rest,
      snoozed: [{ alert: first, snooze: { alertIds: [first.id], at: 0, untilDate: '2026-12-01' } }],
    };
    renderAudit(
      <>
        <AlertList row={row} onDone={() => undefined} />
        <ThresholdEditor patient={base.patient} onSaved={() => undefined} />
      </>,
      { offline, lng: 'qps' },
    );
    const alert = screen.getAllByTestId('monitoring-alert')[0];
    if (!alert) throw new Error('no alert');
    await userEvent.click(within(alert).getByTestId('snooze-date'));
    const bp = screen
      .getAllByTestId('metric-thresholds')
      .find((el) => el.dataset.metric === 'blood-pressure');
    if (!bp) throw new Error('no BP section');
    await userEvent.click(within(bp).getByTestId('threshold-add'));
    await userEvent.selectOptions(within(bp).getByTestId('threshold-kind'), 'rise');
    await userEvent.type(within(bp).getByTestId('threshold-value'), '0');
    expect(within(bp).getByTestId('threshold-errors')).toBeInTheDocument();
    expect(findUntranslated(document.body)).toEqual([]);
    // The control: plain text is found.
    const probe = document.createElement('p');
    probe.textContent = 'Plain English text';
    document.body.append(probe);
    expect(findUntranslated(document.body)).toContain('Plain English text');
    probe.remove();
  });
});
