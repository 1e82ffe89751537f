/**
 * A failed FHIR request in the user's language: one sentence per error kind, with what is
 * known filled in (server name and URL, HTTP status, the content type that came instead of
 * JSON, the resource type expected and received, the time limit).
 */
import type { TFunction } from 'i18next';
import { FhirRequestError } from '../../fhir/FhirApi';

/** The key under `search:error.detail` and its values for one error. */
export function fhirErrorDetail(error: unknown): {
  key: string;
  values: Record<string, string | number>;
} {
  if (!(error instanceof FhirRequestError)) return { key: 'unknown', values: {} };
  const d = error.details;
  const values: Record<string, string | number> = {};
  if (d.status !== undefined) values.status = d.status;
  switch (error.kind) {
    case 'unreachable':
      if (d.timeoutMs !== undefined) {
        return { key: 'timeout', values: { ...values, seconds: d.timeoutMs / 1000 } };
      }
      return { key: 'unreachable', values };
    case 'unauthorized':
    case 'forbidden':
    case 'not-found':
    case 'server-error':
      return { key: error.kind, values: { status: d.status ?? '?' } };
    case 'invalid-response':
      if (d.contentType !== undefined) {
        return { key: 'not-json', values: { contentType: d.contentType } };
      }
      if (d.expectedType !== undefined && d.receivedType !== undefined) {
        return {
          key: 'wrong-type',
          values: { expectedType: d.expectedType, receivedType: d.receivedType },
        };
      }
      if (d.expectedType !== undefined) {
        return { key: 'invalid-expected', values: { expectedType: d.expectedType } };
      }
      return { key: 'invalid-response', values };
    case 'paging-loop':
    case 'aborted':
      return { key: error.kind, values };
  }
}

/** The translated sentence for `error`, naming the server ("Name (URL)"). */
export function fhirErrorText(
  t: TFunction,
  error: unknown,
  serverName: string,
  serverUrl: string | undefined,
): string {
  const server = serverUrl
    ? t('error.detail.server', { name: serverName, url: serverUrl })
    : serverName;
  const { key, values } = fhirErrorDetail(error);
  return t(`error.detail.${key}`, { ...values, server });
}
