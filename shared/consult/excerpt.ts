/**
 * Record excerpts shared over a call, clinician to clinician: a chart section (or an IPS) as
 * a FHIR Bundle of type `collection`, sent over the call's data channel (DTLS-encrypted, peer
 * to peer or through the TURN relay — never through the signaling server). Data channels
 * carry messages of limited size (SCTP; Chromium ~256 KiB), so the JSON is sent in chunks and
 * reassembled with limits. What arrives is validated before anything is shown. Pure.
 */
import { z } from 'zod';

/** Chunk size in characters (UTF-16 code units), well under every data-channel limit. */
export const EXCERPT_CHUNK_CHARS = 16_000;
/** Largest excerpt accepted (characters of JSON). */
export const EXCERPT_MAX_CHARS = 4_000_000;
const MAX_CHUNKS = Math.ceil(EXCERPT_MAX_CHARS / EXCERPT_CHUNK_CHARS);

export const excerptChunkSchema = z.object({
  kind: z.literal('excerpt'),
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  index: z
    .number()
    .int()
    .min(0)
    .max(MAX_CHUNKS - 1),
  total: z.number().int().min(1).max(MAX_CHUNKS),
  data: z.string().max(EXCERPT_CHUNK_CHARS),
});
export type ExcerptChunk = z.infer<typeof excerptChunkSchema>;

const resourceSchema = z.looseObject({
  resourceType: z.string().regex(/^[A-Z][A-Za-z]{1,63}$/),
  id: z.string().max(64).optional(),
});

/** The envelope: what was shared, by whom, when, and the Bundle. */
export const excerptSchema = z.object({
  title: z.string().trim().min(1).max(200),
  sharedBy: z.string().trim().min(1).max(200),
  sharedAt: z.iso.datetime({ offset: true }),
  bundle: z.object({
    resourceType: z.literal('Bundle'),
    type: z.enum(['collection', 'document']),
    entry: z
      .array(z.object({ fullUrl: z.string().max(2048).optional(), resource: resourceSchema }))
      .max(5000),
  }),
});
export type Excerpt = z.infer<typeof excerptSchema>;

type ExcerptResource = Excerpt['bundle']['entry'][number]['resource'];

/** Bundle entries for FHIR resources (typed as the loose shape the schema checks). */
export function excerptEntries(
  resources: readonly { resourceType: string; id?: string }[],
): Excerpt['bundle']['entry'] {
  return resources.map((resource): { resource: ExcerptResource } => ({ resource }));
}

export function splitExcerpt(id: string, excerpt: Excerpt): ExcerptChunk[] {
  const json = JSON.stringify(excerpt);
  if (json.length > EXCERPT_MAX_CHARS) {
    throw new Error(`the excerpt is too large to share (${json.length} characters)`);
  }
  const total = Math.max(1, Math.ceil(json.length / EXCERPT_CHUNK_CHARS));
  return Array.from({ length: total }, (_, index) => ({
    kind: 'excerpt' as const,
    id,
    index,
    total,
    data: json.slice(index * EXCERPT_CHUNK_CHARS, (index + 1) * EXCERPT_CHUNK_CHARS),
  }));
}

/**
 * Collects chunks per excerpt id (in any order, duplicates ignored); returns the validated
 * excerpt when the last chunk arrives, or an error reason when it does not parse. At most
 * `maxPending` excerpts are assembled at once (a sender cannot exhaust memory).
 */
export class ExcerptAssembler {
  private readonly pending = new Map<string, { total: number; parts: (string | undefined)[] }>();

  constructor(private readonly maxPending = 4) {}

  add(chunk: ExcerptChunk): { excerpt: Excerpt } | { error: string } | undefined {
    let entry = this.pending.get(chunk.id);
    if (!entry) {
      if (this.pending.size >= this.maxPending) return { error: 'too many excerpts at once' };
      entry = { total: chunk.total, parts: Array.from({ length: chunk.total }, () => undefined) };
      this.pending.set(chunk.id, entry);
    }
    if (chunk.total !== entry.total || chunk.index >= entry.total) {
      this.pending.delete(chunk.id);
      return { error: 'inconsistent excerpt chunks' };
    }
    entry.parts[chunk.index] ??= chunk.data;
    if (entry.parts.some((p) => p === undefined)) return undefined;
    this.pending.delete(chunk.id);
    let json: unknown;
    try {
      json = JSON.parse(entry.parts.join(''));
    } catch {
      return { error: 'the excerpt is not valid JSON' };
    }
    const parsed = excerptSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        error: `the excerpt is not a valid FHIR Bundle (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
      };
    }
    return { excerpt: parsed.data };
  }
}
