// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import minimal from '../../../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import { fakeFhir, SERVER_URL } from '../records/test-utils';
import { isValidIdentifier, ncpUrl } from './fetch-ncp';
import { ipsTestEnv, renderIps, type IpsTestEnv } from './ips-test-support';
import { IpsPanel } from './IpsPanel';

let env: IpsTestEnv;
beforeEach(async () => {
  env = await ipsTestEnv();
});

function renderPanel(fetchImpl?: typeof fetch, token: string | undefined = 'tok-123') {
  const api = { ...fakeFhir([]), accessToken: () => token };
  return renderIps(<IpsPanel {...(fetchImpl ? { fetchImpl } : {})} />, env, { api });
}

const file = (text: string, name = 'ips.json') =>
  new File([text], name, { type: 'application/json' });

async function upload(text: string): Promise<void> {
  await userEvent.upload(screen.getByTestId('ips-file'), file(text));
}

describe('IpsPanel file import', () => {
  it('shows a valid document', async () => {
    renderPanel();
    await upload(JSON.stringify(minimal));
    expect(await screen.findByTestId('ips-viewer')).toBeInTheDocument();
    expect(screen.getAllByTestId('ips-section')).toHaveLength(3);
    expect(screen.getByTestId('ips-source')).toHaveTextContent('From file ips.json');
    expect(screen.queryByTestId('ips-error')).toBeNull();
  });

  it.each([
    ['invalid JSON', '{"resourceType": "Bundle",', 'The file is not valid JSON.'],
    [
      'a non-document bundle',
      JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] }),
      'This Bundle is not a document, so it is not a patient summary.',
    ],
    [
      'a document without Composition',
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'document',
        entry: [{ fullUrl: 'urn:uuid:1', resource: { resourceType: 'Patient', id: 'p' } }],
      }),
      'The document has no Composition, so it has no sections to show.',
    ],
    ['not a resource', '[1, 2]', 'This is not a FHIR Bundle.'],
  ])('rejects %s with a clear message, shows and caches nothing', async (_what, text, message) => {
    renderPanel();
    await upload(text);
    expect(await screen.findByTestId('ips-error')).toHaveTextContent(message);
    expect(screen.queryByTestId('ips-viewer')).toBeNull();
    expect(await env.db.packs.count()).toBe(0);
    expect(await env.cache.list(undefined)).toEqual({ summaries: [], unreadable: 0 });
    expect(env.audit).toEqual([]);
  });

  it('accepts a dropped file', async () => {
    renderPanel();
    fireEvent.drop(screen.getByTestId('ips-dropzone'), {
      dataTransfer: { files: [file(JSON.stringify(minimal), 'dropped.json')] },
    });
    expect(await screen.findByTestId('ips-viewer')).toBeInTheDocument();
    expect(screen.getByTestId('ips-source')).toHaveTextContent('From file dropped.json');
  });

  it('clears the previous document when the next import fails', async () => {
    renderPanel();
    await upload(JSON.stringify(minimal));
    expect(await screen.findByTestId('ips-viewer')).toBeInTheDocument();
    await upload('not json');
    expect(await screen.findByTestId('ips-error')).toBeInTheDocument();
    expect(screen.queryByTestId('ips-viewer')).toBeNull();
  });
});

describe('IpsPanel cross-border fetch', () => {
  const IDENT = 'http://fhir.de/sid/gkv/kvid-10|M123456789';

  it('asks the contact point at the FHIR server origin with the bearer token', async () => {
    const calls: { url: string; auth: string | null }[] = [];
    const fetchImpl: typeof fetch = (input, init) => {
      calls.push({
        url: input instanceof Request ? input.url : input.toString(),
        auth: new Headers(init?.headers).get('Authorization'),
      });
      return Promise.resolve(new Response(JSON.stringify(minimal), { status: 200 }));
    };
    renderPanel(fetchImpl);
    await userEvent.type(screen.getByTestId('ips-identifier'), IDENT);
    await userEvent.click(screen.getByTestId('ips-fetch'));
    expect(await screen.findByTestId('ips-viewer')).toBeInTheDocument();
    expect(calls).toEqual([
      {
        url: 'http://127.0.0.1:9000/ncp/ips?country=DE&identifier=http%3A%2F%2Ffhir.de%2Fsid%2Fgkv%2Fkvid-10%7CM123456789',
        auth: 'Bearer tok-123',
      },
    ]);
    expect(screen.getByTestId('ips-source')).toHaveTextContent(
      `From the contact point of Germany, identifier ${IDENT}`,
    );
  });

  it('shows a 404 with the server diagnostics', async () => {
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found', diagnostics: 'No IPS for M000' }],
    };
    const fetchImpl: typeof fetch = () =>
      Promise.resolve(new Response(JSON.stringify(outcome), { status: 404 }));
    renderPanel(fetchImpl);
    await userEvent.type(screen.getByTestId('ips-identifier'), 'M000');
    await userEvent.click(screen.getByTestId('ips-fetch'));
    const error = await screen.findByTestId('ips-error');
    expect(error).toHaveTextContent('That country holds no patient summary for this identifier.');
    expect(error).toHaveTextContent('No IPS for M000');
  });

  it('refuses a malformed identifier without calling the server', async () => {
    let called = false;
    const fetchImpl: typeof fetch = () => {
      called = true;
      return Promise.reject(new Error('unexpected'));
    };
    renderPanel(fetchImpl);
    await userEvent.type(screen.getByTestId('ips-identifier'), 'http://x|');
    await userEvent.click(screen.getByTestId('ips-fetch'));
    await waitFor(() => expect(screen.getByTestId('ips-error')).toBeInTheDocument());
    expect(screen.getByTestId('ips-error')).toHaveTextContent('system|value');
    expect(called).toBe(false);
  });
});

describe('fetch-ncp helpers', () => {
  it('validates identifiers', () => {
    expect(isValidIdentifier('http://hl7.it/sid/codiceFiscale|CRSNCL83P30H501Z')).toBe(true);
    expect(isValidIdentifier('12345678Z')).toBe(true);
    expect(isValidIdentifier('')).toBe(false);
    expect(isValidIdentifier('|x')).toBe(false);
    expect(isValidIdentifier('a|b|c')).toBe(false);
    expect(isValidIdentifier('has space')).toBe(false);
  });

  it('puts the contact point at the origin of the FHIR base', () => {
    expect(ncpUrl(SERVER_URL, 'IT', 'X')).toBe(
      'http://127.0.0.1:9000/ncp/ips?country=IT&identifier=X',
    );
  });
});
