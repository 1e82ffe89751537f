// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, testHost } from '../../../../test/support/render';
import { ConceptTranslation, type TranslationContext } from './ConceptTranslation';
import { resetDesignationLookupForTests } from './designation-lookup';

/** A SNOMED CT code the offline pack does not carry (checked below: untranslated without server). */
const CONCEPT = {
  coding: [{ system: 'http://snomed.info/sct', code: '1234567001', display: 'Rare finding' }],
};
const ctx: TranslationContext = { language: 'de', documentLang: 'en', pack: undefined };

function lookupAnswer(value: string) {
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'display', valueString: 'Rare finding' },
      {
        name: 'designation',
        part: [
          { name: 'language', valueCode: 'de' },
          {
            name: 'use',
            valueCoding: { system: 'http://snomed.info/sct', code: '900000000000013009' },
          },
          { name: 'value', valueString: value },
        ],
      },
    ],
  };
}

function hostWith(lookupUrl: string | undefined) {
  const base = testHost();
  return testHost({
    getConfig: async () => ({
      ...(await base.getConfig()),
      ...(lookupUrl ? { terminology: { lookupUrl } } : {}),
    }),
  });
}

afterEach(() => {
  resetDesignationLookupForTests();
  vi.unstubAllGlobals();
});

describe('translations from the configured terminology server', () => {
  it('asks $lookup with displayLanguage when document and pack have nothing, badge "server"', async () => {
    const fetch = vi.fn((_url: string, _init?: RequestInit) =>
      Promise.resolve(new Response(JSON.stringify(lookupAnswer('Seltener Befund')))),
    );
    vi.stubGlobal('fetch', fetch);
    render(<ConceptTranslation concept={CONCEPT} ctx={ctx} />, {
      host: hostWith('https://tx.example/fhir'),
    });
    expect(await screen.findByTestId('concept-translated')).toHaveTextContent('Seltener Befund');
    expect(screen.getByTestId('translation-badge')).toHaveAttribute('data-source', 'server');
    expect(screen.getByTestId('concept-original')).toHaveTextContent('Rare finding');
    const url = new URL(String(fetch.mock.calls[0]?.[0]));
    expect(url.origin + url.pathname).toBe('https://tx.example/fhir/CodeSystem/$lookup');
    expect(url.searchParams.get('system')).toBe('http://snomed.info/sct');
    expect(url.searchParams.get('code')).toBe('1234567001');
    expect(url.searchParams.get('displayLanguage')).toBe('de');
  });

  it('asks once per code and language, however often the concept is shown', async () => {
    const fetch = vi.fn((_url: string, _init?: RequestInit) =>
      Promise.resolve(new Response(JSON.stringify(lookupAnswer('Seltener Befund')))),
    );
    vi.stubGlobal('fetch', fetch);
    render(
      <>
        <ConceptTranslation concept={CONCEPT} ctx={ctx} />
        <ConceptTranslation concept={CONCEPT} ctx={ctx} />
      </>,
      { host: hostWith('https://tx.example/fhir') },
    );
    await waitFor(() => expect(screen.getAllByTestId('concept-translated')).toHaveLength(2));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('without a configured server, or when it fails, the original is shown as untranslated', async () => {
    const fetch = vi.fn((_url: string, _init?: RequestInit) =>
      Promise.resolve(new Response('oops', { status: 503 })),
    );
    vi.stubGlobal('fetch', fetch);
    const first = render(<ConceptTranslation concept={CONCEPT} ctx={ctx} />, {
      host: hostWith(undefined),
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByTestId('translation-badge')).toHaveAttribute('data-source', 'untranslated');
    expect(fetch).not.toHaveBeenCalled();
    first.unmount();

    render(<ConceptTranslation concept={CONCEPT} ctx={ctx} />, {
      host: hostWith('https://tx.example/fhir'),
    });
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByTestId('translation-badge')).toHaveAttribute('data-source', 'untranslated');
    expect(screen.queryByTestId('concept-translated')).not.toBeInTheDocument();
  });
});
