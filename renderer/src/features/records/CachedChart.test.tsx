// @vitest-environment jsdom
import type { FhirResource } from 'fhir/r4';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { FhirRequestError, type FhirWriter } from '../../fhir/FhirApi';
import { FhirProvider, type SessionInfo } from '../../fhir/FhirProvider';
import { sandboxServer } from '../../fhir/test-fakes';
import { ConnectivityMonitor } from '../../offline/connectivity';
import { OfflineContext, type OfflineServices } from '../../offline/OfflineContext';
import { openOfflineScope, type OfflineScope } from '../../offline/offline-scope';
import { WrappedKeyStorage } from '../../offline/keys';
import { SyncEngine } from '../../offline/sync-engine';
import { FakeSecrets, freshDb, scopeA } from '../../offline/test-fakes';
import { PatientChart } from './PatientChart';
import { fakeFhir, renderWithProviders, SERVER_URL } from './test-utils';

const P = 'p1';
const patient: FhirResource = {
  resourceType: 'Patient',
  id: P,
  name: [{ family: 'Cached', given: ['Carla'] }],
};
const condition: FhirResource = {
  resourceType: 'Condition',
  id: 'c1',
  subject: { reference: `Patient/${P}` },
  code: { text: 'Asthma' },
  clinicalStatus: { coding: [{ code: 'active' }] },
};
const unreachable = new FhirRequestError('unreachable', 'Server down', { serverUrl: SERVER_URL });

const session: SessionInfo = {
  server: sandboxServer,
  user: { display: 'Dr P', key: scopeA.userKey, fhirUser: 'Practitioner/p1' },
  launchKind: 'standalone',
  signOut: () => Promise.resolve(),
};

let open: OfflineScope | undefined;
afterEach(() => open?.close());

async function setup(resources: FhirResource[], options: Parameters<typeof fakeFhir>[1] = {}) {
  const scope = await openOfflineScope(scopeA, new WrappedKeyStorage(new FakeSecrets()), {
    db: freshDb(),
  });
  open = scope;
  const fhir = fakeFhir(resources, options);
  const connectivity = new ConnectivityMonitor({ onLine: true });
  const sync = new SyncEngine({ fhir, store: scope.store, outcomes: connectivity, maxRetries: 0 });
  const sent: string[] = [];
  const writer: FhirWriter = {
    putIfNoneMatch: (_type, id) => {
      sent.push(id);
      return Promise.resolve(writerAnswer);
    },
    put: (_type, id) => {
      sent.push(id);
      return Promise.resolve(writerAnswer);
    },
    putIfMatch: (_type, id) => {
      sent.push(id);
      return Promise.resolve(writerAnswer);
    },
  };
  let writerAnswer: { status: number; outcome?: string } = { status: 201 };
  const services: OfflineServices = {
    scope,
    sync,
    connectivity,
    writer,
    flushOutbox: () => scope.outbox.flush(writer, { force: true }).then(() => undefined),
    pinDays: 7,
  };
  const render = () =>
    renderWithProviders(
      <FhirProvider api={fhir} session={session}>
        <OfflineContext.Provider value={services}>
          <PatientChart patientId={P} fhir={fhir} />
        </OfflineContext.Provider>
      </FhirProvider>,
    );
  return {
    scope,
    fhir,
    sent,
    render,
    answer: (a: { status: number; outcome?: string }) => (writerAnswer = a),
  };
}

async function cache(scope: OfflineScope, resources: FhirResource[]) {
  await scope.store.writeBatch({
    patientId: P,
    resources,
    source: SERVER_URL,
    fetchedAt: Date.now() - 60_000,
    checkpoints: { Patient: '2024-01-01T00:00:00Z' },
    syncedAt: Date.now() - 60_000,
    full: true,
  });
}

describe('cache-first chart', () => {
  it('with a cached Patient it is ready even when the sync fails, and says so', async () => {
    const { scope, render } = await setup([patient, condition], { failAll: unreachable });
    await cache(scope, [patient, condition]);
    render();
    await screen.findByTestId('patient-chart');
    const asOf = await screen.findByTestId('chart-as-of');
    expect(asOf).toHaveTextContent(/^As of .* · from Embedded sandbox|^As of .* · from /);
    await waitFor(() => expect(asOf).toHaveTextContent('(could not update: Server down)'));
    // Every card says how old its own records are.
    expect(
      within(screen.getByTestId('summary-problems')).getByTestId('card-as-of'),
    ).toHaveTextContent(/^As of /);
    expect(screen.queryByTestId('chart-error')).toBeNull();
  });

  it('without a cached Patient a failed sync is an error state, and Retry syncs again', async () => {
    const { fhir, render } = await setup([patient, condition], { failAll: unreachable });
    render();
    expect(await screen.findByTestId('chart-error')).toHaveAttribute('data-kind', 'unreachable');
    fhir.options.failAll = undefined;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('patient-chart');
    expect(await screen.findByTestId('chart-as-of')).toHaveTextContent(/^As of /);
  });

  it('flags records that cannot be decrypted and shows the rest', async () => {
    const { scope, render } = await setup([patient, condition], { failAll: unreachable });
    await cache(scope, [patient, condition]);
    const row = await scope.db.packs.filter((r) => r.ids.includes('c1')).first();
    if (!row) throw new Error('pack missing');
    const bytes = new Uint8Array(row.ciphertext.slice(0));
    bytes[5] = (bytes[5] ?? 0) ^ 0x01;
    await scope.db.packs.put({ ...row, ciphertext: bytes.buffer });
    render();
    expect(await screen.findByTestId('chart-unreadable')).toHaveTextContent(
      '1 record could not be decrypted and was left out.',
    );
    expect(screen.getByTestId('patient-chart')).toBeInTheDocument();
  });

  it('saves a note to the outbox and shows a refusal with its reason and Retry', async () => {
    const { scope, render, sent, answer } = await setup([patient], { failAll: unreachable });
    await cache(scope, [patient]);
    render();
    await screen.findByTestId('patient-chart');
    await userEvent.click(screen.getByTestId('tab-notes'));
    const save = screen.getByTestId('save-note');
    expect(save).toBeDisabled();
    answer({ status: 422, outcome: 'bad note' });
    await userEvent.type(screen.getByLabelText('New note'), 'Follow up in two weeks');
    await userEvent.click(save);
    const row = await screen.findByTestId('note-row');
    expect(row).toHaveTextContent('Follow up in two weeks');
    await waitFor(() =>
      expect(screen.getByTestId('note-row')).toHaveAttribute('data-state', 'failed'),
    );
    expect(screen.getByTestId('note-row')).toHaveTextContent('bad note');
    expect(screen.getByTestId('note-row')).toHaveTextContent('Failed');
    expect(screen.getByLabelText('New note')).toHaveValue('');
    // Retry → sent is covered by the outbox unit tests (node) and the offline E2E (Chromium):
    // under jsdom, Dexie's in-JS row clone on update cannot copy binary fields across realms.
    expect(
      within(screen.getByTestId('note-row')).getByRole('button', { name: 'Retry' }),
    ).toBeEnabled();
    expect(sent).toHaveLength(1);
  });

  it('pins the patient for offline use and unpins it', async () => {
    const { scope, render } = await setup([patient], { failAll: unreachable });
    await cache(scope, [patient]);
    render();
    await userEvent.click(await screen.findByTestId('pin-offline'));
    expect(await screen.findByTestId('pinned-until')).toHaveTextContent(/^Kept offline until /);
    expect((await scope.store.patients.get(P))?.pinnedUntil).toBeGreaterThan(Date.now());
    await userEvent.click(screen.getByRole('button', { name: 'Stop keeping offline' }));
    await screen.findByTestId('pin-offline');
    expect((await scope.store.patients.get(P))?.pinnedUntil).toBeUndefined();
  });
});
