// @vitest-environment jsdom
/**
 * The IPS screens added around the viewer, under the `qps` pseudo-locale: the import form with
 * `$summary`, the list of cached summaries, the opened document with its origin and medication
 * reconciliation, the linked narrative rows, and the printout with its appendix. Every string
 * they write themselves goes through i18n; document content is marked `data-i18n-ignore`.
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FhirResource } from 'fhir/r4';
import { buildResourceIndex } from '../../../../shared/fhir/references';
import { parseIpsText } from '../../../../shared/ips/parse';
import { largeIps } from '../../../../shared/ips/test-large-bundle';
import bundle01 from '../../../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import { findUntranslated } from '../../../../test/support/render';
import { SERVER_URL } from '../records/test-utils';
import { ipsTestEnv, renderIps } from './ips-test-support';
import { IpsPanel } from './IpsPanel';
import { IpsPrintout } from './IpsPrintout';
import { localMedicationFacts } from './local-medications';

const local: FhirResource[] = [
  {
    resourceType: 'MedicationStatement',
    id: 'l1',
    status: 'active',
    medicationCodeableConcept: {
      coding: [{ system: 'http://www.whocc.no/atc', code: 'C08CA01', display: 'amlodipine' }],
    },
    subject: { reference: 'Patient/p1' },
  },
];
const localMedications = localMedicationFacts({
  byType: new Map([['MedicationStatement', local]]),
  index: buildResourceIndex(local),
  serverBase: SERVER_URL,
});

describe('IPS screens go through i18n', () => {
  it('import form, cached list, opened document and reconciliation', async () => {
    const env = await ipsTestEnv();
    await env.cache.save({
      text: JSON.stringify(bundle01),
      source: { kind: 'ncp', country: 'IT', identifier: 'X|1' },
      patientId: 'p1',
    });
    const { container } = renderIps(
      <IpsPanel patientId="p1" localMedications={localMedications} />,
      env,
      { lng: 'qps' },
    );
    await userEvent.click(await screen.findByTestId('imported-open', {}, { timeout: 5000 }));
    await screen.findByTestId('ips-viewer');
    expect(screen.getByTestId('ips-medrec')).toBeInTheDocument();
    expect(findUntranslated(container)).toEqual([]);
  });

  it('linked narrative rows and the printout with its appendix', async () => {
    const env = await ipsTestEnv();
    const parsed = parseIpsText(JSON.stringify(largeIps({ perSection: 2, targetChars: 20_000 })));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { container } = renderIps(
      <IpsPrintout
        doc={parsed.doc}
        language="qps"
        facts={[{ label: '⟦Source⟧', value: 'file.json' }]}
        localMedications={localMedications}
        printedAt={Date.parse('2025-01-01T10:00:00Z')}
      />,
      env,
      { lng: 'qps' },
    );
    await userEvent.click(screen.getAllByTestId('entry-narrative-link')[0] ?? container);
    expect(screen.getAllByTestId('narrative-row-link').length).toBeGreaterThan(0);
    expect(screen.getByTestId('ips-appendix')).toBeInTheDocument();
    expect(findUntranslated(container)).toEqual([]);
  });
});
