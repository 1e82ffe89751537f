/**
 * An {@link AuditLog} in memory, with the same rules as the real ones (validated entries,
 * append only, newest first, limit and clinician filter). For test hosts and DOM tests that
 * need an audit trail without IndexedDB or main (test/support/render's `testHost`, fhir's
 * `fakeHost`, the audit and lock tests); no host uses it in production — the browser host keeps
 * its trail in IndexedDB (`IndexedDbAuditLog`), Electron in main.
 *
 * It is the only in-memory log, and deliberately has no back door: tests seed it with `append`
 * (so a test entry is validated like a real one) and read it with `list` or `entries`. A test
 * that needs a log that fails or returns damaged rows wraps it in an {@link AuditLog} object of
 * its own instead of switching this one into a failure mode.
 */
import { auditEntrySchema, type AuditEntry } from '../../../shared/audit/audit-entry';
import { DEFAULT_AUDIT_LIST_LIMIT, MAX_AUDIT_LIST_LIMIT } from '../../../shared/ipc/contract';
import type { AuditListOptions, AuditLog } from './Host';

export class MemoryAuditLog implements AuditLog {
  private readonly kept: AuditEntry[] = [];

  /** Everything appended so far, oldest first (a copy: the log itself cannot be edited). */
  get entries(): AuditEntry[] {
    return this.kept.map((entry) => structuredClone(entry));
  }

  append(entry: AuditEntry): Promise<void> {
    const parsed = auditEntrySchema.safeParse(entry);
    if (!parsed.success) {
      return Promise.reject(new Error(`Invalid audit entry: ${parsed.error.message}`));
    }
    this.kept.push(structuredClone(parsed.data));
    return Promise.resolve();
  }

  list(options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const limit = Math.min(options.limit ?? DEFAULT_AUDIT_LIST_LIMIT, MAX_AUDIT_LIST_LIMIT);
    return Promise.resolve(
      this.kept
        .filter(
          (entry) =>
            options.userReference === undefined || entry.user.reference === options.userReference,
        )
        .reverse()
        .slice(0, limit)
        .map((entry) => structuredClone(entry)),
    );
  }
}
