// @vitest-environment jsdom
/**
 * The opened document: medication reconciliation against the chart's current medicines, and
 * printing — the printout (translated view + appendix with the original narrative) is in the
 * DOM exactly while the host prints, under a file name that says what it is.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FhirResource, Medication } from 'fhir/r4';
import { buildResourceIndex } from '../../../../shared/fhir/references';
import { parseIpsDocument } from '../../../../shared/ips/parse';
import {
  composition,
  COMPOSITION_URL,
  documentBundle,
  loincConcept,
  PATIENT_URL,
  patientEntry,
  type TestEntry,
} from '../../../../shared/ips/test-bundle';
import { SERVER_URL } from '../records/test-utils';
import { IpsDocumentView } from './IpsDocumentView';
import { ipsTestEnv, renderIps, type IpsTestEnv } from './ips-test-support';
import { localMedicationFacts } from './local-medications';

const ATC = 'http://www.whocc.no/atc';
const UCUM = 'http://unitsofmeasure.org';
const EDQM = 'http://standardterms.edqm.eu';
const TABLET = { system: EDQM, code: '10219000', display: 'Tablette' };
const atc = (code: string, display: string) => ({ coding: [{ system: ATC, code, display }] });
const perTablet = (mg: number) => ({
  numerator: { value: mg, unit: 'mg', system: UCUM, code: 'mg' },
  denominator: { value: 1, unit: 'tablet', system: UCUM, code: '{tbl}' },
});

/** An IPS medicine: MedicationStatement → Medication (ATC, EDQM form, strength). */
function ipsMedicine(n: number, code: string, name: string, mg: number): TestEntry[] {
  const med = `urn:uuid:00000000-0000-4000-8000-0000000000d${String(n)}`;
  return [
    {
      fullUrl: `urn:uuid:00000000-0000-4000-8000-0000000000e${String(n)}`,
      resource: {
        resourceType: 'MedicationStatement',
        id: `ms${String(n)}`,
        status: 'active',
        medicationReference: { reference: med },
        subject: { reference: PATIENT_URL },
      },
    },
    {
      fullUrl: med,
      resource: {
        resourceType: 'Medication',
        id: `m${String(n)}`,
        code: atc(code, name),
        form: { coding: [TABLET] },
        ingredient: [{ itemCodeableConcept: atc(code, name), strength: perTablet(mg) }],
      },
    },
  ];
}

function germanDocument() {
  const meds = [
    ...ipsMedicine(1, 'A10BA02', 'Metformin', 500),
    ...ipsMedicine(2, 'C09AA03', 'Lisinopril', 10),
    ...ipsMedicine(3, 'C10AA05', 'Atorvastatin', 20),
  ];
  const statements = meds.filter((m) => m.resource?.resourceType === 'MedicationStatement');
  const section = {
    title: 'Medikation',
    code: loincConcept('10160-0'),
    text: {
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Metformin 500 mg, Lisinopril 10 mg, Atorvastatin 20 mg</p></div>',
    },
    entry: statements.map((s) => ({ reference: s.fullUrl })),
  };
  const parsed = parseIpsDocument(
    documentBundle(
      [
        {
          fullUrl: COMPOSITION_URL,
          resource: composition([section], { title: 'Patientenkurzakte', date: '2024-05-01' }),
        },
        patientEntry(),
        ...meds,
      ],
      { language: 'de-DE' },
    ),
  );
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.doc;
}

/** The chart: metformin 850 mg (contained Medication), lisinopril by ATC only, amlodipine, and
 *  a stopped medicine that reconciliation must leave out. */
function localChart() {
  const containedMetformin: Medication = {
    resourceType: 'Medication',
    id: 'med',
    code: atc('A10BA02', 'metformin'),
    ingredient: [{ itemCodeableConcept: atc('A10BA02', 'metformin'), strength: perTablet(850) }],
  };
  const resources: FhirResource[] = [
    {
      resourceType: 'MedicationStatement',
      id: 'l1',
      status: 'active',
      contained: [containedMetformin],
      medicationReference: { reference: '#med' },
      subject: { reference: 'Patient/p1' },
    },
    {
      resourceType: 'MedicationRequest',
      id: 'l2',
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: {
        ...atc('C09AA03', 'lisinopril'),
        text: 'Lisinopril 10 mg tablet',
      },
      subject: { reference: 'Patient/p1' },
    },
    {
      resourceType: 'MedicationStatement',
      id: 'l3',
      status: 'active',
      medicationCodeableConcept: { ...atc('C08CA01', 'amlodipine'), text: 'Amlodipine 5 mg' },
      subject: { reference: 'Patient/p1' },
    },
    {
      resourceType: 'MedicationStatement',
      id: 'l4',
      status: 'stopped',
      medicationCodeableConcept: atc('C10AA05', 'atorvastatin'),
      subject: { reference: 'Patient/p1' },
    },
  ];
  const byType = new Map<string, FhirResource[]>();
  for (const r of resources) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r]);
  return localMedicationFacts({
    byType,
    index: buildResourceIndex(resources),
    serverBase: SERVER_URL,
  });
}

let env: IpsTestEnv;
beforeEach(async () => {
  env = await ipsTestEnv();
});

const shown = () => ({
  doc: germanDocument(),
  source: { kind: 'ncp', country: 'DE', identifier: 'X|1' } as const,
  summary: undefined,
});

describe('medication reconciliation', () => {
  it('pairs by active ingredient and says what differs', () => {
    renderIps(<IpsDocumentView shown={shown()} localMedications={localChart()} />, env);
    const rows = within(screen.getByTestId('ips-medrec')).getAllByTestId('medrec-row');
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual([
      'different', // metformin 500 mg vs 850 mg
      'same', // lisinopril: the local record states no strength or form
      'only-ips', // atorvastatin is stopped locally
      'only-local', // amlodipine
    ]);
    const [metformin, lisinopril] = rows;
    if (!metformin || !lisinopril) throw new Error('rows missing');
    expect(within(metformin).getByTestId('medrec-differs')).toHaveTextContent('Strength');
    const aspects = (row: HTMLElement) =>
      within(row)
        .getAllByTestId('medrec-aspect')
        .map(
          (a) =>
            `${a.getAttribute('data-aspect') ?? ''}=${a.getAttribute('data-comparison') ?? ''}`,
        );
    expect(aspects(metformin)).toEqual(['ingredient=same', 'strength=different', 'form=unknown']);
    expect(aspects(lisinopril)).toEqual(['ingredient=same', 'strength=unknown', 'form=unknown']);
    // Strengths as sent, units kept.
    expect(metformin).toHaveTextContent('Metformin 500 mg / 1 tablet');
    expect(metformin).toHaveTextContent('metformin 850 mg / 1 tablet');
    expect(lisinopril).toHaveTextContent('Lisinopril 10 mg tablet');
  });

  it('is not offered without a local record', () => {
    renderIps(<IpsDocumentView shown={shown()} />, env);
    expect(screen.queryByTestId('ips-medrec')).toBeNull();
  });
});

describe('printing', () => {
  it('prints the translated view with the original narrative appended', async () => {
    renderIps(<IpsDocumentView shown={shown()} localMedications={localChart()} />, env);
    expect(document.querySelector('[data-ips-print-portal]')).toBeNull();
    await userEvent.click(screen.getByTestId('ips-print'));
    expect(env.prints).toEqual([
      { suggestedFileName: 'patient-summary-DE-2024-05-01.pdf', printRootShown: true },
    ]);
    // Gone again once the host is done.
    expect(document.querySelector('[data-ips-print-portal]')).toBeNull();
    expect(document.documentElement.hasAttribute('data-ips-printing')).toBe(false);
    expect(screen.queryByTestId('ips-print-notice')).toBeNull();
  });

  it('holds the appendix, labelled, with the narrative as sent', async () => {
    let appendix = '';
    env.host.printView = () => {
      appendix = document.querySelector('[data-testid="ips-appendix"]')?.textContent ?? '';
      return Promise.resolve('printed');
    };
    renderIps(<IpsDocumentView shown={shown()} />, env);
    await userEvent.click(screen.getByTestId('ips-print'));
    expect(appendix).toContain('Appendix: original narrative as sent');
    expect(appendix).toContain("in the document's language (de-DE)");
    expect(appendix).toContain('Original text of section: Medication summary');
    expect(appendix).toContain('Metformin 500 mg, Lisinopril 10 mg, Atorvastatin 20 mg');
  });

  it('says so when printing was cancelled or failed', async () => {
    env.printResult = 'cancelled';
    renderIps(<IpsDocumentView shown={shown()} />, env);
    await userEvent.click(screen.getByTestId('ips-print'));
    expect(await screen.findByTestId('ips-print-notice')).toHaveTextContent(
      'Printing was cancelled.',
    );
    env.host.printView = () => Promise.reject(new Error('no printer'));
    await userEvent.click(screen.getByTestId('ips-print'));
    expect(await screen.findByTestId('ips-print-notice')).toHaveTextContent(
      'The printout could not be made.',
    );
    expect(document.documentElement.hasAttribute('data-ips-printing')).toBe(false);
  });
});
