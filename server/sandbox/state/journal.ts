/**
 * The write journal: every FHIR write (create, update, conditional create) is appended as one
 * JSON line and fsync'd before the store shows it or the client hears back, and replayed on top
 * of the generated and loaded resources at start. So a `kill -9` at any instant never loses an
 * acknowledged write, and replaying the same id twice just replaces it (never a duplicate).
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { StoredResource } from '../fhir/types';
import { fsyncDir } from './files';

export const JOURNAL_FILE = 'journal.jsonl';

const entrySchema = z.object({
  op: z.literal('put'),
  resource: z.looseObject({
    resourceType: z.string().min(1),
    id: z.string().min(1),
    meta: z.looseObject({ versionId: z.string(), lastUpdated: z.string() }),
  }),
});

/** Parses the journal's text; every line must be a complete entry (the caller cut a torn tail). */
function parseLines(text: string, path: string): StoredResource[] {
  const entries: StoredResource[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(
        `${path} line ${String(index + 1)} is not JSON (${(error as Error).message}); the journal is damaged`,
      );
    }
    const parsed = entrySchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(
        `${path} line ${String(index + 1)} is not a journal entry: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    entries.push(parsed.data.resource);
  }
  return entries;
}

export class WriteJournal {
  private constructor(
    private readonly fd: number,
    private size: number,
    readonly path: string,
  ) {}

  /**
   * Opens (or creates) the journal in `dir` and returns the entries to replay, oldest first.
   * A last line without its newline is what a kill in the middle of an append leaves: it was
   * never acknowledged, so it is logged, cut off and ignored. A damaged complete line is an
   * error: silently dropping an acknowledged write would be worse than refusing to start.
   */
  static open(
    dir: string,
    log: (line: string) => void,
  ): { journal: WriteJournal; entries: StoredResource[] } {
    const path = join(dir, JOURNAL_FILE);
    const existed = existsSync(path);
    const fd = openSync(path, 'a+', 0o600);
    try {
      const bytes = existed ? readFileSync(path) : Buffer.alloc(0);
      const complete = bytes.lastIndexOf(0x0a) + 1;
      if (complete < bytes.length) {
        log(
          `sandbox state: ignored a torn last line in ${path} (${String(bytes.length - complete)} bytes, an unacknowledged write cut off by a kill)`,
        );
        ftruncateSync(fd, complete);
        fsyncSync(fd);
      }
      const entries = parseLines(bytes.subarray(0, complete).toString('utf8'), path);
      if (!existed) fsyncDir(dir);
      return { journal: new WriteJournal(fd, fstatSync(fd).size, path), entries };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /**
   * Appends one write and waits for the disk (fsync) before returning. Synchronous so that no
   * other request can observe the write before it is durable. On failure (disk full) the
   * partial line is cut off again so the next append starts on a clean line.
   */
  append(resource: StoredResource): void {
    const line = Buffer.from(`${JSON.stringify({ op: 'put', resource })}\n`, 'utf8');
    try {
      let written = 0;
      while (written < line.length)
        written += writeSync(this.fd, line, written, line.length - written);
      fsyncSync(this.fd);
      this.size += line.length;
    } catch (error) {
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // The open step cuts a torn tail on the next start anyway.
      }
      throw new Error(`Could not record the write in ${this.path}: ${(error as Error).message}`);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
