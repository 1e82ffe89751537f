// @vitest-environment jsdom
/**
 * Clinical-safety rules of the chart: refuted vs "no known" allergies, entered-in-error records,
 * references to other servers, one unit per series, and sections that failed to load.
 */
import type {
  AllergyIntolerance,
  Bundle,
  Condition,
  DocumentReference,
  Encounter,
  FhirResource,
  Immunization,
  MedicationRequest,
  Observation,
} from 'fhir/r4';
// eslint-disable-next-line no-restricted-imports -- tests read the shared fixtures from disk
import { readFileSync } from 'node:fs';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { findUntranslated } from '../../../../test/support/render';
import { FhirRequestError } from '../../fhir/FhirApi';
import { buildResourceIndex } from '../../../../shared/fhir/references';
import { PatientChart } from './PatientChart';
import { AllergiesSection } from './sections/AllergiesSection';
import { MedicationsTable } from './sections/MedicationsSection';
import { ProblemsSection } from './sections/ProblemsSection';
import { EncountersSection, ImmunizationsSection } from './sections/SimpleSections';
import { VitalsSection } from './sections/VitalsSection';
import { bundleResources, fakeFhir, renderWithProviders, SERVER_URL } from './test-utils';

const LIZ_ID = 'ee9f8dd8-72d2-4769-8020-89e504b1504b';
function liz(): FhirResource[] {
  const path = `${process.cwd()}/../shared/fixtures/synthea/Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json`;
  return bundleResources(JSON.parse(readFileSync(path, 'utf8')) as Bundle<FhirResource>);
}
function odd(name: string): Observation {
  const path = `${process.cwd()}/../shared/fixtures/odd/${name}`;
  return JSON.parse(readFileSync(path, 'utf8')) as Observation;
}
function monitoring(name: string): Observation {
  const path = `${process.cwd()}/../shared/fixtures/monitoring/${name}`;
  return JSON.parse(readFileSync(path, 'utf8')) as Observation;
}

const verification = (code: string) => ({ coding: [{ code }] });
const patient = { reference: `Patient/${LIZ_ID}` };

function allergy(id: string, extra: Partial<AllergyIntolerance>): AllergyIntolerance {
  return { resourceType: 'AllergyIntolerance', id, patient, ...extra };
}
const penicillinRefuted = allergy('pen', {
  code: { text: 'Penicillin' },
  verificationStatus: verification('refuted'),
});
const nkda = allergy('nkda', {
  code: {
    coding: [
      { system: 'http://snomed.info/sct', code: '409137002', display: 'No known drug allergy' },
    ],
  },
});

describe('allergies: refuted, narrow and entered-in-error records', () => {
  it('shows a refuted allergy as refuted, never as "No known allergies"', () => {
    renderWithProviders(<AllergiesSection allergies={[penicillinRefuted]} />);
    expect(screen.queryByTestId('allergies-no-known')).not.toBeInTheDocument();
    expect(screen.queryByTestId('allergy-row')).not.toBeInTheDocument();
    expect(screen.queryByText('No known allergies')).not.toBeInTheDocument();
    const status = screen.getByTestId('allergies-only-refuted');
    expect(status).toHaveTextContent('No current allergies recorded');
    expect(within(status).getByTestId('allergy-refuted')).toHaveTextContent('Refuted: Penicillin');
  });

  it('titles a narrow statement with its own scope, not the blanket wording', () => {
    renderWithProviders(<AllergiesSection allergies={[nkda, penicillinRefuted]} />);
    const known = screen.getByTestId('allergies-no-known');
    expect(known).toHaveAttribute('data-scope', 'narrow');
    expect(known).toHaveTextContent('No known drug allergy');
    expect(known).not.toHaveTextContent('No known allergies');
    expect(known).toHaveTextContent('Other allergies are unknown');
    expect(within(known).getByTestId('allergy-refuted')).toHaveTextContent('Refuted: Penicillin');
  });

  it('lists real allergies with the refuted one named apart and in-error ones left out', () => {
    const peanut = allergy('p', {
      code: { text: 'Peanut' },
      criticality: 'high',
      // A code outside the R4 value set, as some servers send.
      category: ['food', 'pollen-ish'] as unknown as AllergyIntolerance['category'],
    });
    const voided = allergy('v', {
      code: { text: 'Latex' },
      verificationStatus: verification('entered-in-error'),
    });
    renderWithProviders(<AllergiesSection allergies={[peanut, penicillinRefuted, voided]} />);
    const rows = screen.getAllByTestId('allergy-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('Peanut');
    // Unknown category codes show the raw code as data, never the key path.
    expect(rows[0]).toHaveTextContent('Food, pollen-ish');
    expect(rows[0]).not.toHaveTextContent('allergies.categories');
    expect(within(rows[0] as HTMLElement).getByText('pollen-ish')).toHaveAttribute(
      'data-i18n-ignore',
    );
    expect(screen.getByTestId('allergy-refuted')).toHaveTextContent('Refuted: Penicillin');
    expect(screen.queryByText('Latex')).not.toBeInTheDocument();
    expect(screen.getByTestId('entered-in-error-hidden')).toHaveTextContent('1 record');
  });

  it('treats an allergy list of only entered-in-error records as no information', () => {
    renderWithProviders(
      <AllergiesSection
        allergies={[allergy('v', { verificationStatus: verification('entered-in-error') })]}
      />,
    );
    expect(screen.getByTestId('allergies-no-information')).toBeInTheDocument();
  });
});

describe('problems, medications, immunizations: status and entered-in-error', () => {
  const condition = (id: string, text: string, ver?: string): Condition => ({
    resourceType: 'Condition',
    id,
    subject: patient,
    code: { text },
    clinicalStatus: { coding: [{ code: 'active' }] },
    ...(ver ? { verificationStatus: verification(ver) } : {}),
  });

  it('shows the verification status of each problem and leaves entered-in-error out', () => {
    renderWithProviders(
      <ProblemsSection
        conditions={[
          condition('a', 'Asthma', 'confirmed'),
          condition('b', 'Pneumonia', 'provisional'),
          condition('c', 'Appendicitis', 'differential'),
          condition('d', 'Diabetes', 'refuted'),
          condition('e', 'Gout', 'entered-in-error'),
        ]}
      />,
    );
    const rows = screen.getAllByTestId('problem-row');
    expect(rows.map((r) => r.getAttribute('data-verification'))).toEqual([
      'confirmed',
      'provisional',
      'differential',
      'refuted',
    ]);
    expect(rows[1]).toHaveTextContent('Provisional');
    expect(rows[2]).toHaveTextContent('Differential diagnosis');
    expect(rows[3]).toHaveTextContent('Diabetes');
    expect(rows[3]).toHaveTextContent('Refuted');
    expect(screen.queryByText('Gout')).not.toBeInTheDocument();
    expect(screen.getByTestId('entered-in-error-hidden')).toBeInTheDocument();
  });

  const med = (id: string, status: MedicationRequest['status']): MedicationRequest => ({
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    subject: patient,
    medicationCodeableConcept: { text: `Drug ${id}` },
  });

  it('translates medication statuses, shows unknown codes raw and hides entered-in-error', () => {
    const odd = { ...med('x', 'active'), status: 'weird-status' } as unknown as MedicationRequest;
    renderWithProviders(
      <MedicationsTable
        medications={[med('a', 'on-hold'), med('b', 'entered-in-error'), odd]}
        index={undefined}
      />,
      'de',
    );
    const rows = screen.getAllByTestId('medication-row');
    expect(rows).toHaveLength(2);
    expect(screen.queryByText('Drug b')).not.toBeInTheDocument();
    const onHold = rows.find((r) => r.textContent.includes('Drug a'));
    expect(onHold).toHaveTextContent('Pausiert');
    expect(screen.getByText('weird-status')).toHaveAttribute('data-i18n-ignore');
  });

  it('translates immunization statuses and hides entered-in-error', () => {
    const imm = (id: string, status: Immunization['status']): Immunization => ({
      resourceType: 'Immunization',
      id,
      status,
      patient,
      vaccineCode: { text: `Vaccine ${id}` },
      occurrenceDateTime: '2020-01-01',
    });
    renderWithProviders(
      <ImmunizationsSection
        immunizations={[imm('a', 'completed'), imm('b', 'not-done'), imm('c', 'entered-in-error')]}
      />,
    );
    const rows = screen.getAllByTestId('immunization-row');
    expect(rows).toHaveLength(2);
    expect(screen.getByText('Not done')).toBeInTheDocument();
    expect(screen.getByText('Completed')).toBeInTheDocument();
    expect(screen.queryByText('Vaccine c')).not.toBeInTheDocument();
  });
});

describe('references to another server', () => {
  it('does not resolve an encounter reason on another server to a local Condition', () => {
    const local: Condition = {
      resourceType: 'Condition',
      id: 'c1',
      subject: patient,
      code: { text: 'Local sinusitis' },
    };
    const encounter = (reference: string, display?: string): Encounter => ({
      resourceType: 'Encounter',
      id: reference,
      status: 'finished',
      class: { code: 'AMB' },
      period: { start: '2020-01-01' },
      reasonReference: [{ reference, ...(display ? { display } : {}) }],
    });
    renderWithProviders(
      <EncountersSection
        encounters={[
          encounter('https://other.example/fhir/Condition/c1', 'Remote reason'),
          encounter(`${SERVER_URL}/Condition/c1`),
        ]}
        index={buildResourceIndex([local])}
        serverBase={SERVER_URL}
      />,
    );
    expect(screen.getByText('Remote reason')).toBeInTheDocument();
    expect(screen.getAllByText('Local sinusitis')).toHaveLength(1);
  });

  it('shows an attachment on another server as text and never fetches it', async () => {
    const doc: DocumentReference = {
      resourceType: 'DocumentReference',
      id: 'ext',
      status: 'current',
      subject: patient,
      content: [
        {
          attachment: {
            contentType: 'text/plain',
            title: 'Remote letter',
            url: 'https://other.example/fhir/Binary/42',
          },
        },
      ],
    };
    const ourBinary = { resourceType: 'Binary' as const, id: '42', contentType: 'text/plain' };
    const fhir = fakeFhir([...liz(), doc, ourBinary]);
    renderWithProviders(<PatientChart patientId={LIZ_ID} fhir={fhir} />);
    await screen.findByTestId('patient-chart');
    await userEvent.click(screen.getByRole('tab', { name: /^Documents$/ }));
    const row = screen.getByTestId('attachment-row');
    const external = within(row).getByTestId('attachment-external');
    expect(external).toHaveTextContent('Stored on another server');
    expect(external).toHaveTextContent('https://other.example/fhir/Binary/42');
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
    expect(fhir.calls.filter((c) => c.includes('Binary'))).toEqual([]);
  });
});

describe('vitals: one unit per series, comparators', () => {
  it('draws weight in [lb_av] and kg as separate series that mention each other', async () => {
    const lb = monitoring('mhv_Observation-ex-MHV-weight.json');
    const kg = monitoring('uscore_weight.json');
    renderWithProviders(<VitalsSection observations={[lb, kg]} />);
    const rows = screen.getAllByTestId('series-row');
    expect(rows).toHaveLength(2);
    const selected = screen.getByTestId('selected-series');
    const heading = within(selected).getByRole('heading');
    const unit = heading.textContent.includes('[lb_av]') ? '[lb_av]' : 'kg';
    const other = unit === 'kg' ? '[lb_av]' : 'kg';
    expect(within(selected).getByTestId('series-other-units')).toHaveTextContent(
      `Also recorded in ${other}`,
    );
    const readings = within(selected).getAllByTestId('reading-row');
    expect(readings).toHaveLength(1);
    expect(readings[0]).toHaveTextContent(unit);
    expect(readings[0]).not.toHaveTextContent(other);
    // Switch to the other unit's series: its own heading, its own reading.
    const otherRow = rows.find((r) => r.textContent.includes(other));
    await userEvent.click(within(otherRow as HTMLElement).getByRole('button'));
    const next = screen.getByTestId('selected-series');
    expect(within(next).getByRole('heading')).toHaveTextContent(other);
    expect(within(next).getAllByTestId('reading-row')[0]).toHaveTextContent(other);
  });

  it('shows a censored value with its comparator in the table and keeps it off the chart', () => {
    const crp = (id: string, date: string, value: number, comparator?: '<'): Observation => ({
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '1988-5', display: 'CRP' }] },
      effectiveDateTime: date,
      valueQuantity: { value, unit: 'mg/L', ...(comparator ? { comparator } : {}) },
    });
    renderWithProviders(
      <VitalsSection observations={[crp('a', '2020-01-01', 12), crp('b', '2021-01-01', 5, '<')]} />,
    );
    const readings = screen.getAllByTestId('reading-row');
    expect(readings[0]).toHaveTextContent('< 5 mg/L');
    expect(readings[0]).toHaveTextContent('not drawn');
    expect(readings[0]).toHaveAttribute('data-censored', 'true');
    expect(readings[1]).not.toHaveAttribute('data-censored');
    expect(screen.getByTestId('chart-censored-note')).toHaveTextContent('1 reading');
  });
});

describe('vitals: sampled data', () => {
  it('summarises SampledData in the UI language', () => {
    renderWithProviders(<VitalsSection observations={[odd('phd_rtsa-example.json')]} />, 'de');
    expect(screen.getAllByText('Kurvendaten (1 Kanal)').length).toBeGreaterThan(0);
    expect(document.body).not.toHaveTextContent('SampledData');
  });
});

describe('sections that could not be loaded', () => {
  it('says allergies could not be loaded instead of "no information"', async () => {
    const forbidden = new FhirRequestError('forbidden', 'HTTP 403', {
      serverUrl: SERVER_URL,
      status: 403,
    });
    const fhir = fakeFhir(liz(), {
      everythingError: new FhirRequestError('not-found', 'no $everything', {
        serverUrl: SERVER_URL,
        status: 404,
      }),
      failTypes: { AllergyIntolerance: forbidden, Immunization: forbidden },
    });
    renderWithProviders(<PatientChart patientId={LIZ_ID} fhir={fhir} />);
    await screen.findByTestId('patient-chart');
    const summary = screen.getByTestId('summary-allergies');
    expect(within(summary).getByTestId('section-not-loaded')).toHaveTextContent(
      'could not be loaded from the server',
    );
    expect(screen.queryByTestId('allergies-no-information')).not.toBeInTheDocument();
    expect(screen.queryByTestId('allergies-no-known')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: /^Allergies$/ }));
    expect(screen.getByTestId('section-not-loaded')).toHaveAttribute(
      'data-types',
      'AllergyIntolerance',
    );
    await userEvent.click(screen.getByRole('tab', { name: /^Immunizations$/ }));
    expect(screen.getByTestId('section-not-loaded')).toHaveTextContent('Immunization');
    expect(screen.queryByTestId('none-recorded')).not.toBeInTheDocument();
  });
});

describe('pseudo-locale', () => {
  it('leaves no untranslated text in the new states', () => {
    const sampled = odd('phd_rtsa-example.json');
    renderWithProviders(
      <>
        <AllergiesSection allergies={[nkda, penicillinRefuted]} />
        <AllergiesSection allergies={[penicillinRefuted]} />
        <AllergiesSection allergies={[]} notLoaded />
        <ProblemsSection
          conditions={[
            {
              resourceType: 'Condition',
              subject: patient,
              code: { text: 'Asthma' },
              verificationStatus: verification('provisional'),
            },
          ]}
        />
        <VitalsSection observations={[sampled, monitoring('uscore_weight.json')]} />
      </>,
      'qps',
    );
    expect(findUntranslated(document.body)).toEqual([]);
  });
});
