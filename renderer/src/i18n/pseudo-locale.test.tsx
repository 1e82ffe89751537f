// @vitest-environment jsdom
/**
 * The bypass test: render every screen of the shell, sign-in and search under the `qps`
 * pseudo-locale and fail on any visible text (or aria-label/title/placeholder/alt) without
 * the ⟦ ⟧ markers. User data (names, URLs, dates, server messages) is excluded by marking
 * its element `data-i18n-ignore`.
 */
import { MantineProvider } from '@mantine/core';
import { cleanup, render as rtlRender, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findUntranslated, render, testHost, testServer } from '../../../test/support/render';
import { App } from '../app/App';
import { Shell } from '../app/Shell';
import { ServerPicker } from '../features/auth/ServerPicker';
import { SignInErrorMessage } from '../features/auth/SignInErrorMessage';
import { SignInPrompt } from '../features/auth/SignInPrompt';
import { Redirecting, WaitingForBrowser } from '../features/auth/WaitingForBrowser';
import { anna, bundleOf, fakeApi } from '../features/search/test-fixtures';
import { FhirRequestError } from '../fhir/FhirApi';
import { SignInError } from '../fhir/smart-auth';
import { createI18n } from './i18n';

function expectAllTranslated(root: HTMLElement = document.body) {
  expect(findUntranslated(root)).toEqual([]);
}

describe('pseudo-locale: no string bypasses i18n', () => {
  beforeEach(() => {
    localStorage.clear();
    window.location.hash = '#/search';
  });

  it('detects a bypassing string (the check itself can fail)', () => {
    render(
      <div>
        <span>⟦ok⟧</span>
        <span>Hard-coded</span>
        <span data-i18n-ignore>Anna Schmidt</span>
        <button aria-label="Close">⟦x⟧</button>
      </div>,
      { lng: 'qps' },
    );
    expect(findUntranslated(document.body)).toEqual(['Hard-coded', 'aria-label="Close"']);
  });

  it('server picker with the add-server check and an error', async () => {
    const doc = {
      authorization_endpoint: 'https://a.example/a',
      token_endpoint: 'https://a.example/t',
      capabilities: [],
      code_challenge_methods_supported: ['plain'],
    };
    const { user } = render(
      <ServerPicker
        servers={[testServer, { ...testServer, id: 'custom-x', name: 'Clinic X', embedded: false }]}
        customIds={new Set(['custom-x'])}
        defaultServerId="sandbox"
        error={new SignInError({ code: 'denied', error: 'access_denied' })}
        onSignIn={vi.fn()}
        onServersChanged={vi.fn()}
        fetch={() => Promise.resolve(Response.json(doc))}
      />,
      { lng: 'qps' },
    );
    await user.click(screen.getByTestId('add-server'));
    await user.type(screen.getAllByRole('textbox')[0] as HTMLElement, 'X');
    await user.type(screen.getAllByRole('textbox')[1] as HTMLElement, 'not a url');
    await user.clear(screen.getAllByRole('textbox')[1] as HTMLElement);
    await user.type(screen.getAllByRole('textbox')[1] as HTMLElement, 'https://a.example/fhir');
    await user.click(screen.getByTestId('check-connection'));
    await screen.findByTestId('connection-check');
    expectAllTranslated();
  });

  it.each([
    new SignInError({
      code: 'server-check',
      problems: [
        { code: 'unreachable', severity: 'error' },
        { code: 'timeout', severity: 'error', seconds: 15 },
        { code: 'http-error', severity: 'error', status: 404 },
        { code: 'not-json', severity: 'error', contentType: 'text/html' },
        { code: 'invalid-document', severity: 'error', field: 'token_endpoint' },
      ],
    }),
    new SignInError({ code: 'state-mismatch' }),
    new SignInError({ code: 'unknown-iss', iss: 'https://x.example' }),
    new SignInError({ code: 'failed', detail: 'boom' }),
    new SignInError({ code: 'lib-load', detail: 'Failed to fetch dynamically imported module' }),
    new Error('plain'),
  ])('sign-in error %#', (error) => {
    render(<SignInErrorMessage error={error} />, { lng: 'qps' });
    expectAllTranslated();
    cleanup();
    render(
      <SignInErrorMessage
        error={error}
        server={{ name: 'Clinic', url: 'https://fhir.clinic.example' }}
        onRetry={vi.fn()}
      />,
      { lng: 'qps' },
    );
    expect(screen.getByTestId('sign-in-retry')).toBeInTheDocument();
    expectAllTranslated();
  });

  it('waiting, redirecting and the re-sign-in prompt', () => {
    render(
      <>
        <WaitingForBrowser serverName="Sandbox" onCancel={vi.fn()} />
        <Redirecting serverName="Sandbox" onCancel={vi.fn()} />
        <SignInPrompt
          opened
          server={{ name: 'Sandbox', fhirBaseUrl: 'http://127.0.0.1:9000/fhir' }}
          error={new SignInError({ code: 'server-check', problems: [] })}
          busy={false}
          onSignIn={vi.fn()}
          onSignOut={vi.fn()}
        />
      </>,
      { lng: 'qps' },
    );
    expect(screen.getByTestId('sign-in-prompt')).toBeInTheDocument();
    expectAllTranslated();
  });

  it('config error screen', async () => {
    rtlRender(
      <MantineProvider>
        <App
          host={testHost({ getConfig: () => Promise.reject(new Error('HTTP 500')) })}
          i18n={createI18n('qps')}
        />
      </MantineProvider>,
    );
    await screen.findByTestId('config-error');
    expectAllTranslated();
  });

  it('shell with header, search results and recent patients', async () => {
    const { user } = render(<Shell />, {
      lng: 'qps',
      api: fakeApi(() =>
        Promise.resolve(
          bundleOf([anna, { resourceType: 'Patient', id: 'x', gender: 'unknown' }], true),
        ),
      ),
    });
    await user.type(screen.getAllByRole('textbox')[0] as HTMLElement, 'a');
    await user.click(screen.getByTestId('search-submit'));
    const table = await screen.findByTestId('search-results');
    await user.click(within(table).getAllByRole('link')[0] as HTMLElement);
    window.location.hash = '#/search';
    await screen.findByTestId('recent-patient');
    expectAllTranslated();
  });

  it('search: empty form, no results, and an error', async () => {
    const search = vi
      .fn()
      .mockResolvedValueOnce(bundleOf([]))
      .mockRejectedValueOnce(
        new FhirRequestError('paging-loop', 'loop', { serverUrl: 'x', outcome: ['o'] }),
      );
    const { user } = render(<Shell />, { lng: 'qps', api: fakeApi(search) });
    await user.click(screen.getByTestId('search-submit'));
    expectAllTranslated();
    await user.type(screen.getAllByRole('textbox')[0] as HTMLElement, 'a');
    await user.click(screen.getByTestId('search-submit'));
    await screen.findByTestId('no-patients');
    expectAllTranslated();
    await user.click(screen.getByTestId('search-submit'));
    await screen.findByTestId('fhir-error');
    expectAllTranslated();
  });

  it('not-found route', () => {
    window.location.hash = '#/nowhere';
    render(<Shell />, { lng: 'qps', api: fakeApi(vi.fn()) });
    expect(screen.getByTestId('not-found')).toBeInTheDocument();
    expectAllTranslated();
  });
});
