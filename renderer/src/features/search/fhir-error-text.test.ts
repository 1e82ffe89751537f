import { describe, expect, it } from 'vitest';
import { FhirRequestError } from '../../fhir/FhirApi';
import { createI18n } from '../../i18n/i18n';
import { fhirErrorText } from './fhir-error-text';

const serverUrl = 'https://fhir.clinic.example/r4';
const err = (
  kind: FhirRequestError['kind'],
  details: Omit<FhirRequestError['details'], 'serverUrl'> = {},
) => new FhirRequestError(kind, 'English detail', { serverUrl, ...details });

describe('fhirErrorText', () => {
  const t = createI18n('en').getFixedT('en', 'search');
  const text = (error: unknown) => fhirErrorText(t, error, 'Clinic', serverUrl);
  const server = `Clinic (${serverUrl})`;

  it.each([
    [err('unreachable'), `${server} could not be reached.`],
    [err('unreachable', { timeoutMs: 30_000 }), `${server} did not answer within 30 seconds.`],
    [err('unauthorized', { status: 401 }), `${server} no longer accepts your sign-in (HTTP 401).`],
    [
      err('forbidden', { status: 403 }),
      `${server} does not allow your sign-in to see this (HTTP 403).`,
    ],
    [err('not-found', { status: 404 }), `${server} does not have what was asked for (HTTP 404).`],
    [err('server-error', { status: 503 }), `${server} answered with an error (HTTP 503).`],
    [
      err('invalid-response', { contentType: 'text/html', status: 200 }),
      `${server} sent "text/html" instead of FHIR JSON.`,
    ],
    [
      err('invalid-response', { expectedType: 'Bundle', receivedType: 'OperationOutcome' }),
      `${server} sent a OperationOutcome where a Bundle was expected.`,
    ],
    [
      err('invalid-response', { expectedType: 'Bundle' }),
      `${server} sent an answer that is not a valid Bundle.`,
    ],
    [err('invalid-response'), `${server} sent an answer that is not valid FHIR.`],
    [err('paging-loop'), `${server} kept sending more pages`],
    [err('aborted'), `The request to ${server} was cancelled.`],
    [new Error('boom'), 'Something went wrong while talking to'],
  ])('%#: says what happened, naming the server', (error, expected) => {
    expect(text(error)).toContain(expected);
  });

  it('is translated, never the English error message', () => {
    const de = createI18n('de').getFixedT('de', 'search');
    const message = fhirErrorText(de, err('server-error', { status: 500 }), 'Klinik', serverUrl);
    expect(message).toBe(`Klinik (${serverUrl}) hat mit einem Fehler geantwortet (HTTP 500).`);
  });
});
