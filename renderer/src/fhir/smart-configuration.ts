/**
 * The SMART discovery document and the "connection check" run when a clinician adds a
 * server: what does it lack for a public desktop client?
 * @see https://hl7.org/fhir/smart-app-launch/conformance.html
 */
import { z } from 'zod';
import { abortError, DISCOVERY_TIMEOUT_MS, withTimeout } from './abort';

/** Only the fields this app reads; everything else the server sends is ignored. */
export const smartConfigurationSchema = z.looseObject({
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  capabilities: z.array(z.string()).default([]),
  code_challenge_methods_supported: z.array(z.string()).default([]),
  scopes_supported: z.array(z.string()).optional(),
});
export type SmartConfiguration = z.output<typeof smartConfigurationSchema>;

/**
 * What a connection check can find. `error`s make sign-in impossible or unsafe;
 * `warning`s still allow it.
 */
export type SmartProblem =
  | { code: 'unreachable'; severity: 'error' }
  /** Connected, but no complete answer within the time limit. */
  | { code: 'timeout'; severity: 'error'; seconds: number }
  | { code: 'http-error'; severity: 'error'; status: number }
  | { code: 'not-json'; severity: 'error'; contentType: string }
  | { code: 'invalid-document'; severity: 'error'; field: string }
  | { code: 'no-s256'; severity: 'error' }
  | { code: 'no-public-client'; severity: 'error' }
  | { code: 'no-standalone'; severity: 'error' }
  | { code: 'offers-plain'; severity: 'warning' }
  | { code: 'no-offline'; severity: 'warning' };

export interface SmartCheckResult {
  /** True when nothing of severity `error` was found. */
  usable: boolean;
  problems: SmartProblem[];
  configuration?: SmartConfiguration;
}

/** `${base}/.well-known/smart-configuration`, with exactly one slash between. */
export function smartConfigurationUrl(fhirBaseUrl: string): string {
  return `${fhirBaseUrl.replace(/\/+$/, '')}/.well-known/smart-configuration`;
}

/** Judge a parsed discovery document against what this app needs. */
export function judgeSmartConfiguration(config: SmartConfiguration): SmartProblem[] {
  const problems: SmartProblem[] = [];
  const methods = config.code_challenge_methods_supported;
  const caps = new Set(config.capabilities);
  // SMART 2: apps SHALL use S256; servers SHALL NOT offer `plain`.
  if (!methods.includes('S256')) problems.push({ code: 'no-s256', severity: 'error' });
  if (methods.includes('plain')) problems.push({ code: 'offers-plain', severity: 'warning' });
  // A desktop app cannot keep a client secret (RFC 8252 §8.5).
  if (!caps.has('client-public')) problems.push({ code: 'no-public-client', severity: 'error' });
  if (!caps.has('launch-standalone')) problems.push({ code: 'no-standalone', severity: 'error' });
  if (!caps.has('permission-offline')) problems.push({ code: 'no-offline', severity: 'warning' });
  return problems;
}

export interface CheckOptions {
  /** Cancels the check; it then rejects with an AbortError. */
  signal?: AbortSignal;
  /** Time limit for the whole answer (default {@link DISCOVERY_TIMEOUT_MS}). */
  timeoutMs?: number;
}

/**
 * Fetch and judge a server's discovery document. Never throws, except an AbortError when
 * `options.signal` cancels it; a server that does not answer in time is a `timeout` problem.
 */
export async function checkSmartServer(
  fhirBaseUrl: string,
  fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
  options: CheckOptions = {},
): Promise<SmartCheckResult> {
  const timeoutMs = options.timeoutMs ?? DISCOVERY_TIMEOUT_MS;
  const limit = withTimeout(options.signal, timeoutMs);
  try {
    const result = await fetchAndJudge(fhirBaseUrl, fetchImpl, limit.signal);
    // A body cut off by the limit reads as "not JSON"; report the real cause.
    if (limit.timedOut()) return timedOut(timeoutMs);
    if (options.signal?.aborted) throw abortError();
    return result;
  } catch (error) {
    if (limit.timedOut()) return timedOut(timeoutMs);
    throw error;
  } finally {
    limit.dispose();
  }
}

function timedOut(timeoutMs: number): SmartCheckResult {
  return {
    usable: false,
    problems: [{ code: 'timeout', severity: 'error', seconds: timeoutMs / 1000 }],
  };
}

async function fetchAndJudge(
  fhirBaseUrl: string,
  fetchImpl: typeof fetch,
  signal: AbortSignal,
): Promise<SmartCheckResult> {
  const fail = (problem: SmartProblem): SmartCheckResult => ({
    usable: false,
    problems: [problem],
  });
  let response: Response;
  try {
    response = await fetchImpl(smartConfigurationUrl(fhirBaseUrl), {
      headers: { accept: 'application/json' },
      signal,
    });
  } catch {
    return fail({ code: 'unreachable', severity: 'error' });
  }
  if (!response.ok) return fail({ code: 'http-error', severity: 'error', status: response.status });
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    const contentType = response.headers.get('content-type') ?? '(none)';
    return fail({ code: 'not-json', severity: 'error', contentType });
  }
  const parsed = smartConfigurationSchema.safeParse(body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || '(root)';
    return fail({ code: 'invalid-document', severity: 'error', field });
  }
  const problems = judgeSmartConfiguration(parsed.data);
  return {
    usable: !problems.some((p) => p.severity === 'error'),
    problems,
    configuration: parsed.data,
  };
}
