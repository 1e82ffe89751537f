// @vitest-environment jsdom
/**
 * Import → encrypted cache → list → open again, through the real panel and a real RecordStore
 * (fake-indexeddb): `$summary` from the chart's server, audit after success, nothing cached or
 * audited on failure, offline opening, and the no-cache session.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Bundle } from 'fhir/r4';
import minimal from '../../../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import nl from '../../../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import { FhirRequestError } from '../../fhir/FhirApi';
import { SERVER_URL } from '../records/test-utils';
import { ipsTestEnv, renderIps, summaryFhir, type IpsTestEnv } from './ips-test-support';
import { IpsPanel } from './IpsPanel';

let env: IpsTestEnv;
beforeEach(async () => {
  env = await ipsTestEnv();
});

const upload = async (json: unknown, name = 'ips.json'): Promise<void> => {
  const file = new File([JSON.stringify(json)], name, { type: 'application/json' });
  await userEvent.upload(screen.getByTestId('ips-file'), file);
};

describe('importing from the chart’s server ($summary)', () => {
  it('fetches Patient/<id>/$summary, shows, caches under the patient and audits', async () => {
    const api = summaryFhir(nl as Bundle);
    renderIps(<IpsPanel patientId="p-1" />, env, { api });
    await userEvent.click(screen.getByTestId('ips-fetch-summary'));
    expect(await screen.findByTestId('ips-viewer')).toBeInTheDocument();
    expect(api.searched).toEqual(['Patient/p-1/$summary']);
    expect(screen.getByTestId('ips-source')).toHaveTextContent(`From $summary of ${SERVER_URL}`);
    // NL_core fixture: authored by the Organization "eHealthLab - University of Cyprus", CY.
    expect(screen.getByTestId('ips-origin-country')).toHaveTextContent('Cyprus (CY)');
    expect(screen.getByTestId('ips-origin-authors')).toHaveTextContent(
      'eHealthLab - University of Cyprus',
    );
    expect(screen.getByTestId('ips-cached')).toHaveTextContent('Saved encrypted for offline use');

    const { summaries } = await env.cache.list('p-1');
    expect(summaries.map((s) => s.source)).toEqual([{ kind: 'summary', server: SERVER_URL }]);
    expect((await env.cache.list(undefined)).summaries).toEqual([]);
    expect(env.audit.map((e) => [e.action, e.patient?.reference, e.detail])).toEqual([
      ['ips-imported', 'Patient/p-1', 'CY'],
    ]);
    // The list beside it shows the new row with country, author, date and "as of".
    const row = await screen.findByTestId('imported-summary', {}, { timeout: 5000 });
    expect(within(row).getByTestId('imported-country')).toHaveTextContent('Cyprus (CY)');
    expect(within(row).getByTestId('imported-author')).toHaveTextContent('eHealthLab');
    expect(within(row).getByTestId('imported-date')).toHaveTextContent('2023');
    expect(within(row).getByTestId('imported-at').textContent).not.toBe('');
  });

  it('says what went wrong and caches nothing when the server refuses', async () => {
    const api = summaryFhir(
      new FhirRequestError('forbidden', 'Forbidden', {
        serverUrl: SERVER_URL,
        status: 403,
        outcome: ['scope does not allow Patient'],
      }),
    );
    renderIps(<IpsPanel patientId="p-1" />, env, { api });
    await userEvent.click(screen.getByTestId('ips-fetch-summary'));
    const error = await screen.findByTestId('ips-error');
    expect(error).toHaveTextContent("You are not allowed to fetch this patient's summary.");
    expect(error).toHaveTextContent('scope does not allow Patient');
    expect(await env.db.packs.count()).toBe(0);
    expect(env.audit).toEqual([]);
  });

  it('rejects a $summary answer that is not a document, caching nothing', async () => {
    const api = summaryFhir({ resourceType: 'Bundle', type: 'searchset', entry: [] });
    renderIps(<IpsPanel patientId="p-1" />, env, { api });
    await userEvent.click(screen.getByTestId('ips-fetch-summary'));
    expect(await screen.findByTestId('ips-error')).toHaveTextContent(
      'This Bundle is not a document',
    );
    expect(await env.db.packs.count()).toBe(0);
  });

  it('offers $summary only in a chart', () => {
    renderIps(<IpsPanel />, env);
    expect(screen.queryByTestId('ips-fetch-summary')).toBeNull();
  });
});

describe('cached summaries', () => {
  it('reopens a cached summary from the list without any network', async () => {
    const saved = await env.cache.save({
      text: JSON.stringify(minimal),
      source: { kind: 'ncp', country: 'DE', identifier: 'X|1' },
    });
    if (!saved.ok) throw new Error(saved.error.message);
    // Every FHIR call fails: the server is unreachable.
    const api = summaryFhir(new FhirRequestError('unreachable', 'down', { serverUrl: SERVER_URL }));
    renderIps(<IpsPanel />, env, { api });
    const row = await screen.findByTestId('imported-summary', {}, { timeout: 5000 });
    // The contact point asked vouches for the country, whatever the document says (NL).
    expect(within(row).getByTestId('imported-country')).toHaveTextContent('Germany (DE)');
    await userEvent.click(within(row).getByTestId('imported-open'));
    expect(await screen.findByTestId('ips-viewer')).toBeInTheDocument();
    expect(screen.getAllByTestId('ips-section')).toHaveLength(3);
    expect(screen.getByTestId('ips-source')).toHaveTextContent(
      'From the contact point of Germany, identifier X|1',
    );
    expect(api.searched).toEqual([]);
    // Opening a cached copy is not a new import.
    expect(env.audit).toEqual([]);
  });

  it('lists what was imported for this patient only', async () => {
    await env.cache.save({
      text: JSON.stringify(minimal),
      source: { kind: 'file', name: 'a.json' },
    });
    renderIps(<IpsPanel patientId="p-2" />, env);
    expect(await screen.findByTestId('imported-empty', {}, { timeout: 5000 })).toHaveTextContent(
      'No summaries imported for this patient yet.',
    );
  });

  it('imports a file for the chart and lists it, newest first', async () => {
    renderIps(<IpsPanel patientId="p-1" importFolded />, env);
    expect(screen.queryByTestId('ips-file')).toBeNull();
    await userEvent.click(screen.getByTestId('ips-toggle-import'));
    await upload(minimal, 'first.json');
    await screen.findByTestId('ips-viewer');
    await upload(nl, 'second.json');
    await waitFor(() => expect(screen.getByTestId('ips-source')).toHaveTextContent('second.json'));
    // The list follows the cache (a live query); jsdom can take a while to re-render it.
    await waitFor(() => expect(screen.getAllByTestId('imported-summary')).toHaveLength(2), {
      timeout: 5000,
    });
    const countries = screen.getAllByTestId('imported-country').map((c) => c.textContent);
    expect(countries).toEqual(['Cyprus (CY)', 'Netherlands (NL)']);
    expect(env.audit.map((e) => e.detail)).toEqual(['NL', 'CY']);
  });
});

describe('without an offline cache', () => {
  it('shows the document, says it is not kept, and still audits', async () => {
    renderIps(<IpsPanel />, env, { offline: false });
    expect(screen.getByTestId('imported-no-cache')).toBeInTheDocument();
    await upload(minimal);
    expect(await screen.findByTestId('ips-viewer')).toBeInTheDocument();
    expect(screen.getByTestId('ips-not-cached')).toHaveTextContent('Not saved for offline use');
    expect(await env.db.packs.count()).toBe(0);
    expect(env.audit.map((e) => e.action)).toEqual(['ips-imported']);
  });
});
