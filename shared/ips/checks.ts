/**
 * The data-checks panel: what is wrong or odd in an IPS document, in the clinician's terms.
 * Checks never block rendering — the document is shown as sent and the panel says where it
 * cannot be trusted. Kinds, severities and messages: check-messages.ts.
 * @see https://build.fhir.org/ig/HL7/fhir-ips/ (ips-comp-1, bdl-ips-1, Bundle-uv-ips)
 */
import type { IpsDocument } from './model';
import type { IpsCheck, IpsCheckSeverity } from './check-messages';
import { documentChecks } from './checks-document';
import { referenceChecks } from './checks-references';
import { sectionChecks } from './checks-sections';

export type { IpsCheck, IpsCheckKind, IpsCheckSeverity, IpsCheckValues } from './check-messages';

const ORDER: Readonly<Record<IpsCheckSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Runs every check on a parsed document; errors first, then warnings, then information. */
export function runIpsChecks(doc: IpsDocument): IpsCheck[] {
  const checks = [...documentChecks(doc), ...sectionChecks(doc), ...referenceChecks(doc)];
  return checks
    .map((check, i) => ({ check, i }))
    .sort((a, b) => ORDER[a.check.severity] - ORDER[b.check.severity] || a.i - b.i)
    .map(({ check }) => check);
}
