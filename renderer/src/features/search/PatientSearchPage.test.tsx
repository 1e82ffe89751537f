// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from '../../../../test/support/render';
import type { Bundle } from 'fhir/r4';
import { FhirRequestError, type FhirApi } from '../../fhir/FhirApi';
import { anna, bundleOf, fakeApi } from './test-fixtures';
import { PatientSearchPage } from './PatientSearchPage';
import { readRecentPatients, recentPatientsKey } from './recent-patients';

describe('PatientSearchPage', () => {
  beforeEach(() => {
    localStorage.clear();
    window.location.hash = '';
  });

  it('searches by name, identifier and birth date and opens the chart', async () => {
    const search = vi.fn(() => Promise.resolve(bundleOf([anna])));
    const { user } = render(<PatientSearchPage />, { api: fakeApi(search) });
    await user.type(screen.getByLabelText('Name'), 'schmidt');
    await user.type(screen.getByLabelText('Identifier'), 'MRN-42');
    await user.type(screen.getByLabelText('Birth date'), '1970-01-01');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    const table = await screen.findByTestId('search-results');
    expect(search).toHaveBeenCalledWith(
      'Patient',
      { _count: '25', name: 'schmidt', identifier: 'MRN-42', birthdate: '1970-01-01' },
      expect.any(AbortSignal),
    );
    const row = within(table).getByTestId('patient-row');
    expect(row).toHaveAttribute('data-patient-id', 'anna-1');
    expect(row).toHaveTextContent('Anna Schmidt');
    expect(row).toHaveTextContent('Female');
    expect(row).toHaveTextContent('MRN: MRN-42');
    // date-only: the 1st of January stays the 1st in every time zone
    expect(row).toHaveTextContent(/1970/);
    expect(row).toHaveTextContent(/\b1\b|01/);
    await user.click(within(row).getByRole('link', { name: 'Anna Schmidt' }));
    expect(window.location.hash).toBe('#/patient/anna-1');
    expect(readRecentPatients(recentPatientsKey('sandbox', 'Practitioner/test'))).toEqual([
      { id: 'anna-1', openedAt: expect.any(String) as string },
    ]);
  });

  it('asks for something to search for', async () => {
    const search = vi.fn();
    const { user } = render(<PatientSearchPage />, { api: fakeApi(search) });
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Enter a name, an identifier or a birth date.',
    );
    expect(search).not.toHaveBeenCalled();
  });

  it('says when no patients match', async () => {
    const { user } = render(<PatientSearchPage />, {
      api: fakeApi(() => Promise.resolve(bundleOf([]))),
    });
    await user.type(screen.getByLabelText('Name'), 'nobody');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByTestId('no-patients')).toHaveTextContent('No patients found');
  });

  it('shows the error, server and OperationOutcome, and retries', async () => {
    const search = vi
      .fn<FhirApi['search']>()
      .mockRejectedValueOnce(
        new FhirRequestError('server-error', 'HTTP 400', {
          serverUrl: 'http://127.0.0.1:9000/fhir',
          status: 400,
          outcome: ['Unknown parameter "nme"'],
        }),
      )
      .mockResolvedValueOnce(bundleOf([anna]));
    const { user } = render(<PatientSearchPage />, { api: fakeApi(search) });
    await user.type(screen.getByLabelText('Name'), 'x');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    const alert = await screen.findByTestId('fhir-error');
    expect(alert).toHaveTextContent('The server reported an error');
    expect(within(alert).getByTestId('fhir-error-text')).toHaveTextContent(
      'Embedded sandbox (http://127.0.0.1:9000/fhir) answered with an error (HTTP 400).',
    );
    expect(within(alert).getByTestId('fhir-error-outcome')).toHaveTextContent(
      'Unknown parameter "nme"',
    );
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('search-results')).toBeInTheDocument();
  });

  it('shows a timeout in words, naming the server and the limit', async () => {
    const search = vi.fn<FhirApi['search']>().mockRejectedValue(
      new FhirRequestError('unreachable', 'x', {
        serverUrl: 'http://127.0.0.1:9000/fhir',
        url: 'http://127.0.0.1:9000/fhir/Patient?name=x',
        timeoutMs: 30_000,
      }),
    );
    const { user } = render(<PatientSearchPage />, { api: fakeApi(search), lng: 'de' });
    await user.type(screen.getByLabelText('Name'), 'x');
    await user.click(screen.getByTestId('search-submit'));
    const alert = await screen.findByTestId('fhir-error');
    expect(alert).toHaveAttribute('data-kind', 'unreachable');
    expect(within(alert).getByTestId('fhir-error-text')).toHaveTextContent(
      'Embedded sandbox (http://127.0.0.1:9000/fhir) hat nicht innerhalb von 30 Sekunden geantwortet.',
    );
    expect(alert).toHaveTextContent('http://127.0.0.1:9000/fhir/Patient?name=x');
  });

  it('lists recent patients by reading their names, and opens them', async () => {
    localStorage.setItem(
      recentPatientsKey('sandbox', 'Practitioner/test'),
      JSON.stringify([
        { id: 'p9', openedAt: '2024-01-02T00:00:00Z' },
        { id: 'gone', openedAt: '2024-01-01T00:00:00Z' },
      ]),
    );
    let answer: (bundle: Bundle) => void = () => undefined;
    const search = vi.fn<FhirApi['search']>(
      () => new Promise<Bundle>((resolve) => (answer = resolve)),
    );
    const { user } = render(<PatientSearchPage />, { api: fakeApi(search) });
    const recent = screen.getByTestId('recent-patients');
    expect(within(recent).getByTestId('recent-patients-loading')).toHaveTextContent(
      'Loading names…',
    );
    expect(search).toHaveBeenCalledWith(
      'Patient',
      { _id: 'p9,gone', _count: '2' },
      expect.any(AbortSignal),
    );
    answer(bundleOf([{ ...anna, id: 'p9', name: [{ given: ['Max'], family: 'Muster' }] }]));
    const link = await within(recent).findByRole('link', { name: 'Max Muster' });
    expect(within(recent).getByText('Patient gone (details not available)')).toBeInTheDocument();
    await user.click(link);
    expect(window.location.hash).toBe('#/patient/p9');
    expect(search).toHaveBeenCalledTimes(1);
    await user.click(within(recent).getByRole('button', { name: 'Clear list' }));
    expect(within(recent).getByText('Patients you open appear here.')).toBeInTheDocument();
  });

  it('says when the recent names cannot be loaded, and retries', async () => {
    localStorage.setItem(
      recentPatientsKey('sandbox', 'Practitioner/test'),
      JSON.stringify([{ id: 'p9', openedAt: '2024-01-02T00:00:00Z' }]),
    );
    const search = vi
      .fn<FhirApi['search']>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValueOnce(bundleOf([{ ...anna, id: 'p9' }]));
    const { user } = render(<PatientSearchPage />, { api: fakeApi(search) });
    const failed = await screen.findByTestId('recent-patients-error');
    expect(failed).toHaveTextContent('The names could not be loaded from Embedded sandbox.');
    await user.click(within(failed).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'Anna Schmidt' })).toBeInTheDocument();
  });
});
