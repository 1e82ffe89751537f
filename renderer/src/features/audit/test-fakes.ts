/** Test stand-ins for the audit feature: an in-memory `host.auditLog`. */
import type { AuditEntry } from '../../../../shared/audit/audit-entry';
import type { Host } from '../../host/Host';

type AuditLog = Host['auditLog'];

/** Append-only like the real logs; `list` newest first, filtered and limited as the contract says. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  /** Rejects every append while set. */
  failAppend: Error | undefined;
  /** Extra raw rows `list` returns (e.g. unreadable ones), after the real entries. */
  extra: unknown[] = [];
  /** Rejects every list while set. */
  failList: Error | undefined;

  append(entry: AuditEntry): Promise<void> {
    if (this.failAppend) return Promise.reject(this.failAppend);
    this.entries.push(structuredClone(entry));
    return Promise.resolve();
  }

  list(options: { limit?: number; userReference?: string } = {}): Promise<AuditEntry[]> {
    if (this.failList) return Promise.reject(this.failList);
    const mine = this.entries
      .filter(
        (e) => options.userReference === undefined || e.user.reference === options.userReference,
      )
      .reverse();
    const all = [...mine, ...(this.extra as AuditEntry[])];
    return Promise.resolve(all.slice(0, options.limit ?? all.length));
  }
}
