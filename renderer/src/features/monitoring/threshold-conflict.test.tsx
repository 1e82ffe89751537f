// @vitest-environment jsdom
/**
 * How a clinician meets a threshold conflict: another workstation saved the CarePlan first,
 * our versioned PUT is refused (412), and the editor says so, shows both versions, and lets
 * them re-apply or discard their change. The outbox and its encryption are real (fake
 * IndexedDB); the FHIR server is a versioned fake shared by "both workstations".
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CarePlan } from 'fhir/r4';
import { parseMonitoringPlan } from '../../../../shared/monitoring/plan';
import { setThreshold } from '../../../../shared/monitoring/plan-edit';
import { findUntranslated } from '../../../../test/support/render';
import { openOffline, renderAudit, type Offline } from '../audit/audit-test-support';
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

const other = { reference: 'Practitioner/other', display: 'Dr Other' };

/** The threshold saves in the outbox (the audit trail's AuditEvents are queued there too). */
const carePlanEntries = async (o: Offline) =>
  (await o.scope.outbox.list()).filter((e) => e.resourceType === 'CarePlan');

function weightRules(cp: CarePlan | undefined): string[] {
  const parsed = parseMonitoringPlan(cp);
  if (!parsed.ok) throw new Error(parsed.error);
  const weight = parsed.plan.metrics.find((m) => m.metric === 'weight');
  return (weight?.thresholds ?? []).map(
    (t) => `${t.level} ${t.kind} ${t.value} ${t.unit} by ${t.setBy?.display ?? '?'}`,
  );
}

/**
 * The editor on version 1 of p1's plan, while another workstation has saved version 2 (red
 * weight rise now 3 kg in 3 days). The user then adds a yellow "above 120 kg" limit.
 */
async function saveOverSomeoneElse(lng = 'en') {
  offline = await openOffline();
  const o = offline;
  const server = new VersionedServerFake();
  const { patient } = monitoredPatient();
  server.seed(patient.carePlan, '1');
  server.edit('CarePlan', 'rm-p1', (cp) => {
    const r = setThreshold(
      cp as CarePlan,
      {
        metric: 'weight',
        level: 'red',
        kind: 'rise',
        limit: { value: 3, unit: 'kg', window: { value: 3, unit: 'd' } },
      },
      other,
      '2026-08-24T08:00:00Z',
    );
    if (!r.ok) throw new Error(r.error);
    return r.carePlan;
  });
  // As in the app (useOutboxFlushing): a flush failure is logged, never thrown at the caller
  // (a flush still running when the test closes the database is expected).
  o.services.flushOutbox = () =>
    o.scope.outbox.flush(server, { force: true }).then(
      () => undefined,
      (e: unknown) => {
        if (!(e instanceof Error && e.name === 'DatabaseClosedError')) console.warn(e);
      },
    );
  const saved = vi.fn();
  const view = renderAudit(<ThresholdEditor patient={patient} onSaved={saved} />, {
    offline: o,
    lng,
  });
  const weight = screen
    .getAllByTestId('metric-thresholds')
    .find((el) => el.dataset.metric === 'weight');
  if (!weight) throw new Error('no weight section');
  await userEvent.click(within(weight).getByTestId('threshold-add'));
  await userEvent.selectOptions(within(weight).getByTestId('threshold-level'), 'yellow');
  await userEvent.type(within(weight).getByTestId('threshold-value'), '120');
  await userEvent.click(within(weight).getByTestId('threshold-save'));
  // Encryption and fake IndexedDB under jsdom are slow: allow the flush a few seconds.
  const panel = await screen.findByTestId('threshold-conflict', {}, { timeout: 8000 });
  return { o, server, saved, panel, weight, log: view.log };
}

describe('threshold conflicts', () => {
  it('says someone else changed the thresholds, shows both, keeps the edit, blocks other edits, audits it', async () => {
    const { o, server, panel, weight, log } = await saveOverSomeoneElse();
    // The versioned PUT was refused and the server's version was read to tell why.
    expect(server.log.filter((l) => l.includes('CarePlan'))).toEqual([
      'PUT CarePlan/rm-p1 If-Match W/"1"',
      'GET CarePlan/rm-p1',
    ]);
    expect(weightRules(server.get('CarePlan', 'rm-p1') as CarePlan)[0]).toBe(
      'red rise 3 kg by Dr Other',
    );
    expect(within(panel).getByText('Someone else changed these thresholds')).toBeInTheDocument();
    expect(within(panel).getByTestId('conflict-my-changes')).toHaveTextContent(
      'Weight — Yellow: above 120 kg',
    );
    expect(within(panel).getByText('Thresholds on the server now (version 2):')).toBeVisible();
    expect(within(panel).getByTestId('conflict-server-thresholds')).toHaveTextContent(
      'Weight — Red: rise of 3 kg within 3 days (set by Dr Other, Aug 24, 2026',
    );
    // Every threshold on the server, not only the changed one (2 weight, 4 BP, 3 glucose).
    expect(
      within(within(panel).getByTestId('conflict-server-thresholds')).getAllByRole('listitem'),
    ).toHaveLength(9);
    // Nothing else can be edited until the clinician decides; the edit itself is kept.
    for (const b of within(weight).getAllByTestId('threshold-edit')) expect(b).toBeDisabled();
    expect(within(weight).getByTestId('threshold-add')).toBeDisabled();
    const [entry] = await carePlanEntries(o);
    expect(entry).toMatchObject({ state: 'failed', conflict: true });
    expect(weightRules((await o.scope.outbox.body(entry?.id ?? '')) as CarePlan)).toContain(
      'yellow above 120 kg by Dr. Test',
    );
    // Audited: the save, then the conflict (once, even though the panel re-renders).
    await waitFor(() =>
      expect(log.entries.map((e) => [e.action, e.outcome, e.detail])).toEqual([
        ['threshold-changed', 'success', 'weight yellow above: 120 kg'],
        [
          'threshold-changed',
          'failure',
          'conflict, not applied (server version 2): weight yellow above: 120 kg',
        ],
      ]),
    );
  });

  it("re-apply puts the change on the server's thresholds as a new versioned write", async () => {
    const { o, server, saved, log } = await saveOverSomeoneElse();
    await userEvent.click(screen.getByTestId('conflict-reapply'));
    await waitFor(() => expect(screen.queryByTestId('threshold-conflict')).toBeNull(), {
      timeout: 5000,
    });
    await waitFor(() => expect(server.get('CarePlan', 'rm-p1')?.meta?.versionId).toBe('3'));
    expect(server.log.filter((l) => l.includes('CarePlan')).at(-1)).toBe(
      'PUT CarePlan/rm-p1 If-Match W/"2"',
    );
    // Theirs kept, ours added.
    expect(weightRules(server.get('CarePlan', 'rm-p1') as CarePlan)).toEqual([
      'red rise 3 kg by Dr Other',
      'yellow rise 1.5 kg by Dr Anna Weber',
      'yellow above 120 kg by Dr. Test',
    ]);
    expect((await carePlanEntries(o)).map((e) => [e.state, e.conflict ?? false])).toEqual([
      ['sent', false],
    ]);
    expect(saved).toHaveBeenCalled();
    await waitFor(() =>
      expect(log.entries.at(-1)).toMatchObject({
        outcome: 'success',
        detail: 're-applied after a conflict: weight yellow above: 120 kg',
      }),
    );
  });

  it('discard keeps the server thresholds and records the decision', async () => {
    const { o, server, log } = await saveOverSomeoneElse();
    await userEvent.click(screen.getByTestId('conflict-discard'));
    await waitFor(() => expect(screen.queryByTestId('threshold-conflict')).toBeNull(), {
      timeout: 5000,
    });
    expect(await carePlanEntries(o)).toEqual([]);
    expect(server.get('CarePlan', 'rm-p1')?.meta?.versionId).toBe('2');
    await waitFor(() =>
      expect(log.entries.at(-1)).toMatchObject({
        outcome: 'failure',
        detail: 'discarded after a conflict: weight yellow above: 120 kg',
      }),
    );
  });

  it('the conflict panel goes through i18n', async () => {
    const { log } = await saveOverSomeoneElse('qps');
    expect(findUntranslated(document.body)).toEqual([]);
    await waitFor(() => expect(log.entries).toHaveLength(2)); // the conflict is audited
  });
});
