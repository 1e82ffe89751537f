/**
 * `POST /companion/readings`: a checked reading becomes an Observation, stored exactly once.
 * The page sends its own UUID per reading; the Observation id is derived from it, and the
 * write is `PUT` with `If-None-Match: *`. A retry (lost answer, double tap, outbox replay)
 * finds the id taken (412), reads what is stored and, when it is the same reading, answers with
 * it as a success. The same UUID with different values is a conflict, never an overwrite.
 */
import { z } from 'zod';
import type { CompanionFhir } from './fhir-client';
import { CompanionHttpError, parseBody } from './http';
import {
  buildObservation,
  findReadingProblem,
  isSameReading,
  readingInputSchema,
} from './readings';
import type { CompanionClaims } from './tickets';

export interface StoredReading {
  /** The Observation's id on the FHIR server. */
  id: string;
  /** `effectiveDateTime`: when the reading was taken, as stored. */
  at: string;
  /** `meta.lastUpdated` (when the server stored it), when the server says. */
  recordedAt: string | null;
  /** True when this was a retry of a reading stored before. */
  duplicate: boolean;
}

const storedSchema = z.looseObject({
  id: z.string(),
  effectiveDateTime: z.string(),
  meta: z.looseObject({ lastUpdated: z.string().optional() }).optional(),
});

function answer(resource: unknown, duplicate: boolean): StoredReading {
  const parsed = storedSchema.safeParse(resource);
  if (!parsed.success)
    throw new CompanionHttpError(502, 'the record server stored the reading in an unexpected form');
  return {
    id: parsed.data.id,
    at: parsed.data.effectiveDateTime,
    recordedAt: parsed.data.meta?.lastUpdated ?? null,
    duplicate,
  };
}

/** Checks `body` (400 malformed, 422 implausible), stores it once, answers what is stored. */
export async function submitReading(
  fhir: CompanionFhir,
  claims: CompanionClaims,
  body: unknown,
  now: number,
): Promise<StoredReading> {
  const input = parseBody(readingInputSchema, body);
  const problem = findReadingProblem(input, now);
  if (problem) throw new CompanionHttpError(422, problem.message, { field: problem.field });
  // Never write for a record that is gone: the reading would point at nobody.
  if (!(await fhir.read('Patient', claims.patientId)))
    throw new CompanionHttpError(404, 'the record behind this link no longer exists');
  const observation = buildObservation(input, claims.patientId, now);
  const result = await fhir.createIfAbsent(observation);
  if (result.created) return answer(result.resource, false);
  const existing = await fhir.read('Observation', observation.id);
  if (existing && isSameReading(existing, observation, input.at !== undefined))
    return answer(existing, true);
  throw new CompanionHttpError(
    409,
    'this reading id was already used for a different reading; send a new id',
    { field: 'id' },
  );
}
