/**
 * The workstation's local audit trail in Electron: one JSON object per line (JSONL) in a file
 * in userData (issue 7 item 4).
 *
 * Append-only by construction: the only handle ever opened for writing uses the `'a'` flag
 * (O_APPEND: every write lands at the current end, nothing before it can be overwritten or
 * truncated), and no code path renames, rewrites or deletes the file. Reading opens it `'r'`.
 * Each entry is parsed with {@link auditEntrySchema} before it is written, so the file holds
 * only valid entries unless something outside the app touched it; such lines are skipped and
 * reported when reading, never "repaired".
 * @see https://hl7.org/fhir/R4/auditevent.html (the same entries are also sent as AuditEvents)
 */
import { open, type FileHandle } from 'node:fs/promises';
import { auditEntrySchema, type AuditEntry } from '../shared/audit/audit-entry';
import { DEFAULT_AUDIT_LIST_LIMIT, MAX_AUDIT_LIST_LIMIT } from '../shared/ipc/contract';

/** Bytes read per step when scanning backwards from the end of the file. */
const CHUNK_BYTES = 64 * 1024;
/** An entry is at most a few KB; a longer "line" is damage and is skipped without buffering it. */
const MAX_LINE_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

export interface AuditFileOptions {
  /** The JSONL file (index.ts: `<userData>/audit-log.jsonl`). */
  path: string;
  log: (line: string) => void;
  /** Flush each entry to disk before `append` resolves (default true; tests may skip it). */
  sync?: boolean;
}

export interface AuditListOptions {
  /** At most this many entries ({@link DEFAULT_AUDIT_LIST_LIMIT} when absent). */
  limit?: number;
  /** Only entries of this clinician (`user.reference`, e.g. `Practitioner/123`). */
  userReference?: string;
}

export class AuditFile {
  /** Appends run one after another, so lines never interleave and keep their order. */
  private queue: Promise<void> = Promise.resolve();
  /** Whether the file's end was checked for a line cut short by an earlier crash. */
  private tailChecked = false;

  constructor(private readonly options: AuditFileOptions) {}

  /** Validate and append one entry. Rejects (and writes nothing) for an invalid entry. */
  append(entry: unknown): Promise<void> {
    const parsed = auditEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
      return Promise.reject(
        new Error(`Invalid audit entry at ${where}: ${issue?.message ?? 'invalid'}`),
      );
    }
    // JSON.stringify escapes line breaks inside strings: one entry is always one line.
    const line = `${JSON.stringify(parsed.data)}\n`;
    const run = this.queue.then(() => this.write(line));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(line: string): Promise<void> {
    // A crash in the middle of a write can leave a last line without its newline; the next
    // entry then starts on a fresh line instead of being glued to (and lost with) it.
    const prefix = this.tailChecked || (await this.endsWithNewline()) ? '' : '\n';
    if (prefix) this.options.log('[audit] the log ended mid-line; starting a new line');
    const handle = await open(this.options.path, 'a', 0o600);
    try {
      await handle.appendFile(prefix + line, 'utf8');
      if (this.options.sync !== false) await handle.datasync();
      this.tailChecked = true;
    } catch (error) {
      // The write may have been cut short: check the end again next time.
      this.tailChecked = false;
      throw error;
    } finally {
      await handle.close();
    }
  }

  private async endsWithNewline(): Promise<boolean> {
    const handle = await openForReading(this.options.path);
    if (!handle) return true;
    try {
      const { size } = await handle.stat();
      if (size === 0) return true;
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] === NEWLINE;
    } finally {
      await handle.close();
    }
  }

  /**
   * The newest entries first (the file's order is the order they were recorded in), read
   * backwards in chunks so a long trail costs only what is returned. Lines that are not a
   * valid entry are skipped and reported in the log with their byte offsets.
   */
  async list(options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const limit = Math.min(options.limit ?? DEFAULT_AUDIT_LIST_LIMIT, MAX_AUDIT_LIST_LIMIT);
    const entries: AuditEntry[] = [];
    const corruptOffsets: number[] = [];
    // Wait for appends already accepted, so a list right after an append sees it.
    await this.queue;
    const handle = await openForReading(this.options.path);
    if (!handle) return entries;

    const consider = (bytes: Buffer, offset: number, oversized: boolean): void => {
      if (oversized) {
        corruptOffsets.push(offset);
        return;
      }
      const text = bytes.toString('utf8').trim();
      if (text === '') return;
      const entry = parseEntry(text);
      if (!entry) corruptOffsets.push(offset);
      else if (
        options.userReference === undefined ||
        entry.user.reference === options.userReference
      ) {
        entries.push(entry);
      }
    };

    try {
      let position = (await handle.stat()).size;
      /** The start of a line whose beginning lies in a chunk not read yet. */
      let carry = Buffer.alloc(0);
      let oversized = false;
      while (position > 0 && entries.length < limit) {
        const start = Math.max(0, position - CHUNK_BYTES);
        const chunk = Buffer.alloc(position - start);
        await handle.read(chunk, 0, chunk.length, start);
        position = start;
        const data = oversized ? chunk : Buffer.concat([chunk, carry]);
        let end = data.length;
        for (let i = data.length - 1; i >= 0 && entries.length < limit; i -= 1) {
          if (data[i] !== NEWLINE) continue;
          consider(data.subarray(i + 1, end), start + i + 1, oversized);
          oversized = false;
          end = i;
        }
        if (entries.length >= limit) break;
        carry = data.subarray(0, end);
        if (carry.length > MAX_LINE_BYTES) {
          oversized = true;
          carry = Buffer.alloc(0);
        }
      }
      if (position === 0 && entries.length < limit && (carry.length > 0 || oversized)) {
        consider(carry, 0, oversized);
      }
    } finally {
      await handle.close();
    }
    if (corruptOffsets.length > 0) {
      const shown = corruptOffsets.slice(0, 10).join(', ');
      this.options.log(
        `[audit] skipped ${String(corruptOffsets.length)} unreadable line(s) in ${this.options.path} at byte offset(s) ${shown}${corruptOffsets.length > 10 ? ', …' : ''}`,
      );
    }
    return entries;
  }
}

function parseEntry(text: string): AuditEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = auditEntrySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** `undefined` when the file does not exist yet (nothing recorded). */
async function openForReading(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
