// @vitest-environment jsdom
import type {
  AllergyIntolerance,
  Bundle,
  DocumentReference,
  FhirResource,
  Observation,
} from 'fhir/r4';
// eslint-disable-next-line no-restricted-imports -- tests read the shared fixtures from disk
import { readFileSync } from 'node:fs';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FhirRequestError } from '../../fhir/FhirApi';
import { PatientChart } from './PatientChart';
import { bundleResources, fakeFhir, renderWithProviders, SERVER_URL } from './test-utils';

function fixture(name: string): FhirResource[] {
  // Tests run from the repository root; ../shared sits beside it (as in CI).
  const path = `${process.cwd()}/../shared/fixtures/synthea/${name}`;
  return bundleResources(JSON.parse(readFileSync(path, 'utf8')) as Bundle<FhirResource>);
}

const DENNIS = 'Dennis_Durgan_78f005f3-7b33-4a5b-84d9-28417b36dbab.json';
const DENNIS_ID = '0ac13d55-d566-450a-aea0-f6a71f1ad73b';
const LIZ = 'Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json';
const LIZ_ID = 'ee9f8dd8-72d2-4769-8020-89e504b1504b';

async function openTab(name: RegExp): Promise<void> {
  await userEvent.click(screen.getByRole('tab', { name }));
}

describe('PatientChart with Dennis Durgan (deceased, allergies, imaging)', () => {
  it('shows the banner with the deceased badge, name, birth date and identifiers', async () => {
    renderWithProviders(<PatientChart patientId={DENNIS_ID} fhir={fakeFhir(fixture(DENNIS))} />);
    const banner = await screen.findByRole('region', { name: 'Patient banner' });
    expect(within(banner).getByTestId('patient-name')).toHaveTextContent('Mr. Dennis Durgan');
    const badge = within(banner).getByTestId('deceased-badge');
    expect(badge).toHaveTextContent(/^Deceased Nov 1[12], 2008/);
    expect(within(banner).getByTestId('patient-birth')).toHaveTextContent('Apr 19, 1949');
    expect(within(banner).getByTestId('patient-birth')).toHaveTextContent('59 years at death');
    expect(within(banner).getByTestId('patient-identifiers')).toHaveTextContent(
      'Medical Record Number',
    );
  });

  it('lists allergies with their criticality', async () => {
    renderWithProviders(<PatientChart patientId={DENNIS_ID} fhir={fakeFhir(fixture(DENNIS))} />);
    await screen.findByTestId('patient-chart');
    await openTab(/^Allergies$/);
    const rows = screen.getAllByTestId('allergy-row');
    expect(rows).toHaveLength(4);
    expect(screen.getByText('Shellfish allergy')).toBeInTheDocument();
    expect(screen.getAllByTestId('criticality-low')[0]).toHaveTextContent('Low criticality');
    expect(screen.queryByTestId('allergies-no-information')).not.toBeInTheDocument();
  });

  it('shows imaging studies with series and instance counts', async () => {
    renderWithProviders(<PatientChart patientId={DENNIS_ID} fhir={fakeFhir(fixture(DENNIS))} />);
    await screen.findByTestId('patient-chart');
    await openTab(/^Imaging$/);
    expect(screen.getAllByTestId('imaging-row')).toHaveLength(4);
    expect(screen.getAllByTestId('imaging-series-count').map((c) => c.textContent)).toEqual([
      '1',
      '1',
      '1',
      '1',
    ]);
    expect(screen.getAllByTestId('imaging-instance-count').map((c) => c.textContent)).toEqual([
      '1',
      '1',
      '1',
      '1',
    ]);
    expect(screen.getAllByText('Ultrasound').length).toBeGreaterThan(0);
    expect(screen.getByText('thoracic')).toBeInTheDocument();
  });

  it('leaves Claim and ExplanationOfBenefit out of the timeline', async () => {
    renderWithProviders(<PatientChart patientId={DENNIS_ID} fhir={fakeFhir(fixture(DENNIS))} />);
    await screen.findByTestId('patient-chart');
    await openTab(/^Timeline$/);
    expect(screen.getAllByTestId('timeline-row')).toHaveLength(100);
    expect(screen.queryByText('Claim')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Show more/ }));
    expect(screen.getAllByTestId('timeline-row').length).toBeGreaterThan(100);
  });
});

describe('PatientChart with Liz Conn (hypertension, 3 BP readings)', () => {
  it('shows the blood pressure trend table with units as sent', async () => {
    renderWithProviders(<PatientChart patientId={LIZ_ID} fhir={fakeFhir(fixture(LIZ))} />);
    await screen.findByTestId('patient-chart');
    await openTab(/^Vitals & labs$/);
    const selected = screen.getByTestId('selected-series');
    expect(within(selected).getByRole('heading')).toHaveTextContent('Blood Pressure');
    const readings = within(selected).getAllByTestId('reading-row');
    expect(readings).toHaveLength(3);
    expect(readings[2]).toHaveTextContent('165.41473349323684/105.1409527895433 mm[Hg]');
    for (const row of readings) expect(row).toHaveTextContent(/\d+(\.\d+)?\/\d+(\.\d+)? mm\[Hg\]/);
  });

  it('shows hypertension as an active problem and says that allergy information is missing', async () => {
    renderWithProviders(<PatientChart patientId={LIZ_ID} fhir={fakeFhir(fixture(LIZ))} />);
    await screen.findByTestId('patient-chart');
    expect(
      within(screen.getByTestId('summary-problems')).getByText('Hypertension'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('summary-medications')).getByText(/Hydrochlorothiazide/i),
    ).toBeInTheDocument();
    expect(within(screen.getByTestId('summary-vitals')).getByText(/mm\[Hg\]$/)).toBeInTheDocument();
    expect(screen.getByTestId('allergies-no-information')).toHaveTextContent(
      'No allergy information recorded',
    );
    expect(screen.queryByTestId('allergies-no-known')).not.toBeInTheDocument();
  });

  it('tells "no known allergies" apart from "no information"', async () => {
    const nka: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      id: 'nka',
      patient: { reference: `Patient/${LIZ_ID}` },
      code: {
        coding: [
          { system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy' },
        ],
      },
    };
    renderWithProviders(
      <PatientChart patientId={LIZ_ID} fhir={fakeFhir([...fixture(LIZ), nka])} />,
    );
    await screen.findByTestId('patient-chart');
    const known = screen.getByTestId('allergies-no-known');
    expect(known).toHaveTextContent('No known allergies');
    expect(screen.queryByTestId('allergies-no-information')).not.toBeInTheDocument();
    expect(screen.queryByTestId('allergy-row')).not.toBeInTheDocument();
  });

  it('falls back to per-type searches when $everything is not supported', async () => {
    const fhir = fakeFhir(fixture(LIZ), {
      everythingError: new FhirRequestError('not-found', 'no such operation', {
        serverUrl: SERVER_URL,
        status: 404,
      }),
    });
    renderWithProviders(<PatientChart patientId={LIZ_ID} fhir={fhir} />);
    await screen.findByTestId('patient-chart');
    expect(fhir.calls).toContain(`fetchAll Condition?patient=${LIZ_ID}&_count=200`);
    expect(fhir.calls).not.toContain(expect.stringMatching(/^fetchAll Claim/));
    expect(
      within(screen.getByTestId('summary-problems')).getByText('Hypertension'),
    ).toBeInTheDocument();
  });
});

describe('PatientChart keyboard', () => {
  it('moves between tabs with the arrow keys', async () => {
    renderWithProviders(<PatientChart patientId={LIZ_ID} fhir={fakeFhir(fixture(LIZ))} />);
    await screen.findByTestId('patient-chart');
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Summary',
      'Problems',
      'Medications',
      'Allergies',
      'Immunizations',
      'Vitals & labs',
      'Encounters',
      'Imaging',
      'Documents',
      'Timeline',
      'Notes',
      'Monitoring',
    ]);
    tabs[0]?.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Problems' })).toHaveFocus();
    expect(screen.getByRole('tab', { name: 'Problems' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('problems-table')).toBeInTheDocument();
  });
});

describe('PatientChart loading and errors', () => {
  it('shows the loaded count while loading and can be cancelled and retried', async () => {
    const fhir = fakeFhir(fixture(LIZ), { hold: true });
    renderWithProviders(<PatientChart patientId={LIZ_ID} fhir={fhir} />);
    expect(screen.getByTestId('chart-loading')).toHaveTextContent('Loaded 0 resources…');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByTestId('chart-cancelled')).toBeInTheDocument();
    fhir.options.hold = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('patient-chart')).toBeInTheDocument();
  });

  it('shows the error, server and OperationOutcome, and Retry recovers', async () => {
    const fhir = fakeFhir(fixture(LIZ), {
      failAll: new FhirRequestError('server-error', 'HTTP 500', {
        serverUrl: SERVER_URL,
        status: 500,
        outcome: ['Database connection lost'],
      }),
    });
    renderWithProviders(<PatientChart patientId={LIZ_ID} fhir={fhir} />);
    const alert = await screen.findByTestId('chart-error');
    expect(alert).toHaveTextContent('The server reported an error.');
    expect(alert).toHaveTextContent(SERVER_URL);
    expect(alert).toHaveTextContent('500');
    expect(within(alert).getByTestId('operation-outcome')).toHaveTextContent(
      'Database connection lost',
    );
    fhir.options.failAll = undefined;
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('patient-chart')).toBeInTheDocument();
  });
});

describe('PatientChart attachments', () => {
  it('does not decode a 1 MB attachment until it is opened', async () => {
    const text = 'Discharge summary line.\n'.repeat(44_000); // ~1 MB of text
    const data = btoa(text);
    const doc: DocumentReference = {
      resourceType: 'DocumentReference',
      id: 'big',
      status: 'current',
      subject: { reference: `Patient/${LIZ_ID}` },
      content: [{ attachment: { contentType: 'text/plain', title: 'Big summary', data } }],
    };
    const atob = vi.spyOn(window, 'atob');
    const createObjectURL = vi.fn(() => 'blob:fake-1');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    renderWithProviders(
      <PatientChart patientId={LIZ_ID} fhir={fakeFhir([...fixture(LIZ), doc])} />,
    );
    await screen.findByTestId('patient-chart');
    await openTab(/^Documents$/);
    const row = screen.getByTestId('attachment-row');
    expect(row).toHaveTextContent('Big summary');
    expect(row).toHaveTextContent('text/plain');
    expect(row).toHaveTextContent('1.1 MB');
    expect(atob).not.toHaveBeenCalled();
    expect(createObjectURL).not.toHaveBeenCalled();
    expect(document.body.innerHTML).not.toContain(data.slice(0, 200));

    await userEvent.click(within(row).getByRole('button', { name: 'Open Big summary' }));
    const view = await screen.findByTestId('attachment-view');
    expect(atob).toHaveBeenCalled();
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(view.querySelector('pre')?.textContent.startsWith('Discharge summary line.')).toBe(true);
    expect(within(view).getByTestId('attachment-download')).toHaveAttribute('href', 'blob:fake-1');
    atob.mockRestore();
  });
});

describe('PatientChart with many observations', () => {
  it('renders the timeline 100 rows at a time', async () => {
    const many: Observation[] = Array.from({ length: 10_000 }, (_, i) => ({
      resourceType: 'Observation',
      id: `o${String(i)}`,
      status: 'final',
      subject: { reference: `Patient/${LIZ_ID}` },
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
      effectiveDateTime: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
      valueQuantity: { value: 60 + (i % 40), unit: '/min' },
    }));
    renderWithProviders(
      <PatientChart patientId={LIZ_ID} fhir={fakeFhir([...fixture(LIZ), ...many])} />,
    );
    await screen.findByTestId('patient-chart');
    await openTab(/^Timeline$/);
    expect(screen.getAllByTestId('timeline-row')).toHaveLength(100);
    expect(screen.getByTestId('timeline-count')).toHaveTextContent(
      /Showing 100 of 100\d\d entries/,
    );
  });
});
