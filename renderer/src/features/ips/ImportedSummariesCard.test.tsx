// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FhirResource } from 'fhir/r4';
import { buildResourceIndex } from '../../../../shared/fhir/references';
import minimal from '../../../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import { renderWithProviders, SERVER_URL } from '../records/test-utils';
import { ImportedSummariesCard } from './ImportedSummariesCard';
import { ipsTestEnv, renderIps } from './ips-test-support';

const local: FhirResource[] = [
  {
    resourceType: 'MedicationRequest',
    id: 'r1',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'Local medicine' },
    subject: { reference: 'Patient/p1' },
  },
];
const chart = {
  byType: new Map([['MedicationRequest', local]]),
  index: buildResourceIndex(local),
};

describe('ImportedSummariesCard', () => {
  it('lists the chart’s cached summaries and reconciles against the chart', async () => {
    const env = await ipsTestEnv();
    await env.cache.save({
      text: JSON.stringify(minimal),
      source: { kind: 'file', name: 'gp.json' },
      patientId: 'p1',
    });
    renderIps(<ImportedSummariesCard patientId="p1" chart={chart} serverBase={SERVER_URL} />, env);
    const card = screen.getByTestId('imported-summaries-card');
    expect(within(card).getByRole('heading', { name: 'Imported summaries' })).toBeInTheDocument();
    // The import form stays folded away in the chart until asked for.
    expect(within(card).queryByTestId('ips-file')).toBeNull();
    const row = await within(card).findByTestId('imported-summary', {}, { timeout: 5000 });
    expect(row).toHaveTextContent('Beetje van Hulp');
    await userEvent.click(within(row).getByTestId('imported-open'));
    const medrec = await within(card).findByTestId('ips-medrec');
    // The minimal example's medicine is coded (SNOMED product); the local one is free text.
    expect(
      within(medrec)
        .getAllByTestId('medrec-row')
        .map((r) => r.getAttribute('data-kind')),
    ).toEqual(['only-ips', 'only-local']);
  });

  it('is left out of a chart shown without the signed-in offline layer', () => {
    renderWithProviders(
      <ImportedSummariesCard patientId="p1" chart={chart} serverBase={SERVER_URL} />,
    );
    expect(screen.queryByTestId('imported-summaries-card')).toBeNull();
  });
});
