/** Shared setup for the App DOM tests: a fake SMART server, fhirclient and host. */
import { MantineProvider } from '@mantine/core';
import { render as rtlRender } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { fakeLib, smartConfigDoc } from '../fhir/test-fakes';
import type { SmartLib } from '../fhir/smart-lib';
import type { Host } from '../host/Host';
import { createI18n } from '../i18n/i18n';
import { App } from './App';

export const patientBundle = {
  resourceType: 'Bundle',
  type: 'searchset',
  entry: [
    { resource: { resourceType: 'Patient', id: 'p1', name: [{ given: ['Eva'], family: 'Lind' }] } },
  ],
};

/** Answers discovery and Patient search like the sandbox; records the bearer tokens. */
export function serverFetch() {
  const auths: (string | undefined)[] = [];
  const impl = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.endsWith('/.well-known/smart-configuration'))
      return Promise.resolve(Response.json(smartConfigDoc));
    auths.push((init?.headers as Record<string, string> | undefined)?.authorization);
    if (url.includes('/Patient?')) return Promise.resolve(Response.json(patientBundle));
    return Promise.resolve(new Response('', { status: 404 }));
  });
  return { fetch: impl as unknown as typeof fetch, auths };
}

export function mount(
  host: Host,
  lib = fakeLib(),
  fetchImpl = serverFetch().fetch,
  loadLib: () => Promise<SmartLib> = () => Promise.resolve(lib),
) {
  const result = rtlRender(
    <MantineProvider>
      <App host={host} i18n={createI18n('en')} loadSmartLib={loadLib} fetch={fetchImpl} />
    </MantineProvider>,
  );
  return { ...result, lib, user: userEvent.setup() };
}
