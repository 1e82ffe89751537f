/**
 * One line of the workstation's local audit trail: who did what to which patient's data, when.
 *
 * The same entry is kept twice: appended to the local, append-only log (Electron: a file in
 * userData that main only ever appends to; browser host: an add-only IndexedDB store) and sent
 * to the FHIR server as an AuditEvent through the outbox (so it arrives exactly once, also
 * after an outage). Patient data stays out of the entry: references and ids only, never names.
 * @see https://hl7.org/fhir/R4/auditevent.html
 * @see https://profiles.ihe.net/ITI/BALP/ (Basic Audit Log Patterns: the event types used)
 */
import { z } from 'zod';

/** What the clinician did. Each maps to an AuditEvent type/subtype (shared/audit). */
export const auditActionSchema = z.enum([
  'chart-opened',
  'ips-imported',
  'consult-started',
  'consult-ended',
  'feedback-sent',
  'threshold-changed',
  'signed-in',
  'signed-out',
  'locked',
  'unlocked',
]);
export type AuditAction = z.output<typeof auditActionSchema>;

const reference = z.string().min(1).max(500);

export const auditEntrySchema = z.object({
  /** Client-assigned UUID: also the AuditEvent id, so a repeated send cannot duplicate. */
  id: z.uuid(),
  /** When it happened (ISO 8601 with offset). */
  recorded: z.iso.datetime({ offset: true }),
  action: auditActionSchema,
  outcome: z.enum(['success', 'failure']),
  /** The signed-in clinician (SMART `fhirUser`, e.g. `Practitioner/123`). */
  user: z.object({ reference, display: z.string().max(200).optional() }),
  /** The configured FHIR server the action concerned (AppConfig server id). */
  serverId: z.string().min(1).max(100),
  /** The patient whose data was touched, as a reference (`Patient/…`); never a name. */
  patient: z.object({ reference }).optional(),
  /** The resource the action produced or touched (Encounter, Communication, CarePlan, …). */
  entity: z.object({ reference, type: z.string().max(64).optional() }).optional(),
  /** Short machine-readable detail (e.g. the IPS source country `DE`); no free text. */
  detail: z.string().max(500).optional(),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;
