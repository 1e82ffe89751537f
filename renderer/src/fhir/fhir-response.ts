/**
 * Turning raw HTTP responses from a FHIR server into resources or {@link FhirRequestError}s.
 * Everything a server sends is untrusted: shapes are checked with zod before use.
 */
import { z } from 'zod';
import type { Bundle, FhirResource } from 'fhir/r4';
import { FhirRequestError, type FhirErrorKind } from './FhirApi';

const resourceShape = z.looseObject({ resourceType: z.string().min(1) });

/** The parts of a Bundle the app relies on (FHIR R4 Bundle: entry.resource, link). */
export const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string().optional(),
  total: z.number().optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: resourceShape.optional(),
        search: z.looseObject({ mode: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});

const operationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z.looseObject({
        severity: z.string().optional(),
        code: z.string().optional(),
        diagnostics: z.string().optional(),
        details: z.looseObject({ text: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});

/** Readable lines from an OperationOutcome (`issue.details.text`, then `issue.diagnostics`). */
export function outcomeLines(body: unknown): string[] | undefined {
  const parsed = operationOutcomeSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const lines = (parsed.data.issue ?? []).flatMap((issue) => {
    const text = issue.details?.text ?? issue.diagnostics;
    return text ? [text] : [];
  });
  return lines.length > 0 ? lines : undefined;
}

export interface ResponseContext {
  serverUrl: string;
  serverName: string;
  url: string;
}

function fail(
  kind: FhirErrorKind,
  message: string,
  ctx: ResponseContext,
  extra: Omit<FhirRequestError['details'], 'serverUrl' | 'url'> = {},
): FhirRequestError {
  return new FhirRequestError(kind, message, { serverUrl: ctx.serverUrl, url: ctx.url, ...extra });
}

function isJsonContentType(contentType: string): boolean {
  return /^application\/(fhir\+)?json\b/i.test(contentType) || /\+json\b/i.test(contentType);
}

async function readJson(response: Response): Promise<{ ok: true; body: unknown } | { ok: false }> {
  try {
    return { ok: true, body: JSON.parse(await response.text()) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Error for a non-2xx response, with the OperationOutcome's explanation when one came back. */
export async function errorFromStatus(
  response: Response,
  ctx: ResponseContext,
): Promise<FhirRequestError> {
  const json = await readJson(response);
  const outcome = json.ok ? outcomeLines(json.body) : undefined;
  const status = response.status;
  const kind: FhirErrorKind =
    status === 401
      ? 'unauthorized'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'not-found'
          : 'server-error';
  const summary = outcome ? `: ${outcome.join('; ')}` : '';
  return fail(kind, `${ctx.serverName} answered HTTP ${status}${summary}`, ctx, {
    status,
    ...(outcome ? { outcome } : {}),
  });
}

/**
 * Parse a 2xx body as a FHIR resource. `expectedType` (when given) must match
 * `resourceType`; a body that is not JSON names the content type that came instead.
 */
export async function resourceFromResponse(
  response: Response,
  ctx: ResponseContext,
  expectedType?: string,
): Promise<FhirResource> {
  const contentType = response.headers.get('content-type') ?? '(none)';
  const json = await readJson(response);
  if (!json.ok) {
    const isJson = isJsonContentType(contentType);
    const what = isJson ? 'malformed JSON' : `"${contentType}", not JSON`;
    throw fail('invalid-response', `${ctx.serverName} sent ${what} for ${ctx.url}`, ctx, {
      status: response.status,
      ...(isJson ? {} : { contentType }),
      ...(expectedType ? { expectedType } : {}),
    });
  }
  const resource = resourceShape.safeParse(json.body);
  if (!resource.success) {
    throw fail(
      'invalid-response',
      `${ctx.serverName} sent JSON that is not a FHIR resource (no resourceType) for ${ctx.url}`,
      ctx,
      { status: response.status, ...(expectedType ? { expectedType } : {}) },
    );
  }
  if (expectedType && resource.data.resourceType !== expectedType) {
    const outcome = outcomeLines(json.body);
    throw fail(
      'invalid-response',
      `${ctx.serverName} sent a ${resource.data.resourceType} where a ${expectedType} was expected`,
      ctx,
      {
        status: response.status,
        expectedType,
        receivedType: resource.data.resourceType,
        ...(outcome ? { outcome } : {}),
      },
    );
  }
  return json.body as FhirResource;
}

/** Validate a Bundle's shape; throws `invalid-response` naming the first bad field. */
export function asBundle(resource: FhirResource, ctx: ResponseContext): Bundle {
  const parsed = bundleSchema.safeParse(resource);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw fail(
      'invalid-response',
      `${ctx.serverName} sent a malformed Bundle (${where}: ${issue?.message ?? 'invalid'})`,
      ctx,
      { expectedType: 'Bundle' },
    );
  }
  return resource as Bundle;
}
