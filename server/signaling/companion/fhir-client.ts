/**
 * The few FHIR calls the companion makes, with its backend-services token: read, search (first
 * page), and create-if-absent (`PUT` with `If-None-Match: *`, so a retried submission can never
 * store a reading twice). A refused token is renewed and the call retried once.
 * @see https://hl7.org/fhir/R4/http.html#cond-update (If-None-Match on update)
 */
import { z } from 'zod';
import type { BackendTokenSource } from './backend-token';

const FHIR_JSON = 'application/fhir+json';

/** The FHIR server could not be reached or answered something unexpected. */
export class FhirUnavailableError extends Error {
  override name = 'FhirUnavailableError';
}

const resourceSchema = z.looseObject({ resourceType: z.string(), id: z.string().optional() });
export type FhirResourceJson = z.infer<typeof resourceSchema>;

const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z
    .array(
      z.looseObject({
        resource: resourceSchema.optional(),
        search: z.looseObject({ mode: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});

export type CreateResult = { created: true; resource: FhirResourceJson } | { created: false };

export class CompanionFhir {
  constructor(
    readonly fhirBaseUrl: string,
    private readonly tokens: BackendTokenSource,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const attempt = async (token: string): Promise<Response> => {
      try {
        return await this.fetchFn(`${this.fhirBaseUrl}/${path}`, {
          ...init,
          headers: {
            Accept: FHIR_JSON,
            ...(init.headers as Record<string, string> | undefined),
            Authorization: `Bearer ${token}`,
          },
          signal: AbortSignal.timeout(10_000),
        });
      } catch (e) {
        throw new FhirUnavailableError(`FHIR server unreachable: ${(e as Error).message}`);
      }
    };
    let token: string;
    try {
      token = await this.tokens.accessToken();
    } catch (e) {
      throw new FhirUnavailableError(`no FHIR access token: ${(e as Error).message}`);
    }
    const first = await attempt(token);
    if (first.status !== 401) return first;
    this.tokens.invalidate(token);
    return attempt(await this.tokens.accessToken());
  }

  private async json(res: Response, what: string): Promise<unknown> {
    try {
      return await res.json();
    } catch {
      throw new FhirUnavailableError(
        `${what}: the FHIR server answered ${res.status} without JSON`,
      );
    }
  }

  /** The resource, or undefined when the server says it does not exist (404/410). */
  async read(type: string, id: string): Promise<FhirResourceJson | undefined> {
    const res = await this.call(`${type}/${encodeURIComponent(id)}`);
    if (res.status === 404 || res.status === 410) return undefined;
    if (!res.ok) throw new FhirUnavailableError(`reading ${type}/${id}: ${res.status}`);
    const parsed = resourceSchema.safeParse(await this.json(res, `reading ${type}/${id}`));
    if (!parsed.success || parsed.data.resourceType !== type)
      throw new FhirUnavailableError(`reading ${type}/${id}: not a ${type}`);
    return parsed.data;
  }

  /** The matches of the first page of a search (included resources left out). */
  async search(type: string, params: Record<string, string>): Promise<FhirResourceJson[]> {
    const res = await this.call(`${type}?${new URLSearchParams(params).toString()}`);
    if (!res.ok) throw new FhirUnavailableError(`searching ${type}: ${res.status}`);
    const parsed = bundleSchema.safeParse(await this.json(res, `searching ${type}`));
    if (!parsed.success) throw new FhirUnavailableError(`searching ${type}: not a Bundle`);
    return (parsed.data.entry ?? [])
      .filter((e) => e.search?.mode !== 'include' && e.search?.mode !== 'outcome')
      .flatMap((e) => (e.resource?.resourceType === type ? [e.resource] : []));
  }

  /**
   * Stores `resource` under its id unless that id exists already (412 → `created: false`). The
   * caller decides whether the existing resource is the same one.
   */
  async createIfAbsent(resource: FhirResourceJson & { id: string }): Promise<CreateResult> {
    const where = `${resource.resourceType}/${resource.id}`;
    const res = await this.call(`${resource.resourceType}/${encodeURIComponent(resource.id)}`, {
      method: 'PUT',
      headers: { 'Content-Type': FHIR_JSON, 'If-None-Match': '*' },
      body: JSON.stringify(resource),
    });
    if (res.status === 412) return { created: false };
    if (res.status !== 200 && res.status !== 201) {
      throw new FhirUnavailableError(`storing ${where}: ${res.status} ${await res.text()}`);
    }
    // A server answering with an empty body (Prefer: return=minimal) stored what was sent.
    const text = await res.text();
    let stored: unknown;
    try {
      stored = text === '' ? resource : JSON.parse(text);
    } catch {
      stored = resource;
    }
    const parsed = resourceSchema.safeParse(stored);
    return { created: true, resource: parsed.success ? parsed.data : resource };
  }
}
