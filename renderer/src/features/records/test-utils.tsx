/**
 * DOM-test helpers for the records feature: a Mantine + i18next wrapper and a fake FhirApi
 * over a fixed list of resources (e.g. a Synthea bundle's entries).
 */
import type { Bundle, FhirResource } from 'fhir/r4';
import { MantineProvider } from '@mantine/core';
import { render, type RenderResult } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { ReactElement } from 'react';
import { type FetchAllOptions, type FhirApi, FhirRequestError } from '../../fhir/FhirApi';
import { createI18n } from '../../i18n/i18n';
import { HostProvider } from '../../host/HostProvider';
import { testHost } from '../../../../test/support/render';

export function renderWithProviders(ui: ReactElement, lng = 'en'): RenderResult {
  const i18n = createI18n(lng);
  return render(
    <MantineProvider>
      <I18nextProvider i18n={i18n}>
        <HostProvider host={testHost()}>{ui}</HostProvider>
      </I18nextProvider>
    </MantineProvider>,
  );
}

export const SERVER_URL = 'http://127.0.0.1:9000/fhir';

export interface FakeFhirOptions {
  /** Error thrown by `$everything` (the per-type fallback still works unless `failAll`). */
  everythingError?: FhirRequestError;
  /** Error thrown by every call while set; tests clear it to let Retry succeed. */
  failAll?: FhirRequestError | undefined;
  /** Resolve fetchAll only when the returned `release` is called. */
  hold?: boolean;
  /** Per-type searches (`Type?patient=…`) that fail with the given error. */
  failTypes?: Record<string, FhirRequestError>;
}

export interface FakeFhir extends FhirApi {
  calls: string[];
  options: FakeFhirOptions;
  release: () => void;
}

function patientOf(r: FhirResource): string | undefined {
  const ref =
    (r as { subject?: { reference?: string }; patient?: { reference?: string } }).subject ??
    (r as { patient?: { reference?: string } }).patient;
  return ref?.reference?.split(/[/:]/).pop();
}

/** A FhirApi over `resources`: $everything returns all of them in pages of 50 with progress. */
export function fakeFhir(resources: FhirResource[], options: FakeFhirOptions = {}): FakeFhir {
  const calls: string[] = [];
  let releaseHold: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    releaseHold = resolve;
  });
  const api: FakeFhir = {
    serverUrl: SERVER_URL,
    calls,
    options,
    release: () => releaseHold(),
    read<T extends FhirResource>(type: T['resourceType'], id: string): Promise<T> {
      calls.push(`read ${type}/${id}`);
      if (api.options.failAll) return Promise.reject(api.options.failAll);
      const found = resources.find((r) => r.resourceType === type && r.id === id);
      if (!found)
        return Promise.reject(
          new FhirRequestError('not-found', 'not found', { serverUrl: SERVER_URL, status: 404 }),
        );
      return Promise.resolve(found as T);
    },
    search(): Promise<Bundle> {
      return Promise.reject(new Error('search is not used by the chart'));
    },
    async fetchAll(path: string, o?: FetchAllOptions): Promise<FhirResource[]> {
      calls.push(`fetchAll ${path}`);
      if (api.options.hold) await held;
      if (o?.signal?.aborted)
        throw new FhirRequestError('aborted', 'aborted', { serverUrl: SERVER_URL });
      if (api.options.failAll) throw api.options.failAll;
      let result: FhirResource[];
      if (path.includes('$everything')) {
        if (api.options.everythingError) throw api.options.everythingError;
        result = resources;
      } else {
        const [type = '', query] = path.split('?');
        const typeError = api.options.failTypes?.[type];
        if (typeError) throw typeError;
        const patient = new URLSearchParams(query).get('patient');
        result = resources.filter((r) => r.resourceType === type && patientOf(r) === patient);
      }
      for (let n = 50; n < result.length; n += 50) o?.onPage?.(n);
      o?.onPage?.(result.length);
      return result;
    },
  };
  return api;
}

/** Resources of a transaction/collection bundle. */
export function bundleResources(bundle: Bundle<FhirResource>): FhirResource[] {
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}
