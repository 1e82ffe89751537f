/**
 * Builds an IPS document from the local record (the body of `Patient/$summary`,
 * https://hl7.org/fhir/uv/ips/OperationDefinition-summary.html): the sections of
 * summary-sections.ts, the Practitioners, Organizations and Medications the entries point to,
 * and an author Device naming this server. A section whose resource types the token may not
 * read is present with emptyReason `withheld`, so "not shown to you" never reads as "none".
 */
import { randomUUID } from 'node:crypto';
import type { ResourceStore } from '../fhir/store';
import type { StoredResource } from '../fhir/types';
import { assembleDocument } from './document';
import type { AnyResource, DocEntry, DocumentBundle, SectionInput } from './document';
import { narrative, paragraph, table } from './narrative';
import { localKey, localReferences, relink } from './summary-references';
import { SECTION_SPECS } from './summary-sections';
import { nameUuid } from './uuid';

/** Non-compartment types pulled in when an entry references them. */
const SUPPORTING_TYPES = new Set([
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Medication',
  'Device',
]);

/** Bounds the reference walk (Practitioner → PractitionerRole → Organization…). */
const MAX_SUPPORTING = 200;

export interface SummaryInput {
  store: ResourceStore;
  fhirBaseUrl: string;
  patientId: string;
  /** Whether the token's scopes allow reading this type (compartment already checked). */
  canRead: (type: string) => boolean;
  /** Composition.date: when the summary was generated. */
  now: Date;
}

const keyOf = (r: StoredResource): string => `${r.resourceType}/${r.id}`;

export function buildPatientSummary(input: SummaryInput): DocumentBundle {
  const { store, fhirBaseUrl, patientId, canRead } = input;
  const patient = store.get('Patient', patientId);
  if (!patient) throw new Error(`Patient/${patientId} not found`);
  const urnOf = (key: string): string => `urn:uuid:${nameUuid(`${fhirBaseUrl}/${key}`)}`;

  const listed = new Map<string, StoredResource[]>();
  const notes = new Map<string, string[]>();
  for (const spec of SECTION_SPECS) {
    const rows: StoredResource[] = [];
    const denied: string[] = [];
    for (const type of spec.types) {
      if (canRead(type)) rows.push(...spec.select(store, patientId, type));
      else denied.push(type);
    }
    listed.set(spec.key, rows);
    notes.set(spec.key, denied);
  }

  const held = new Map<string, StoredResource>([[keyOf(patient), patient]]);
  for (const rows of listed.values()) for (const r of rows) held.set(keyOf(r), r);
  const queue = [...held.values()];
  let added = 0;
  for (let r = queue.shift(); r !== undefined && added < MAX_SUPPORTING; r = queue.shift()) {
    for (const key of localReferences(r, fhirBaseUrl)) {
      const [type = '', id = ''] = key.split('/');
      if (held.has(key) || !SUPPORTING_TYPES.has(type) || !canRead(type)) continue;
      const target = store.get(type, id);
      if (!target) continue;
      held.set(key, target);
      queue.push(target);
      added++;
    }
  }

  const urnFor = (key: string): string | undefined => (held.has(key) ? urnOf(key) : undefined);
  const entryOf = (r: StoredResource): DocEntry => ({
    fullUrl: urnOf(keyOf(r)),
    resource: relink(r, fhirBaseUrl, urnFor) as AnyResource,
  });

  const sections: SectionInput[] = [];
  for (const spec of SECTION_SPECS) {
    const rows = listed.get(spec.key) ?? [];
    const denied = notes.get(spec.key) ?? [];
    const withheld =
      denied.length > 0
        ? `Not included: the access token does not allow reading ${denied.join(' or ')}.`
        : undefined;
    if (rows.length > 0) {
      const body = table(
        spec.headers,
        rows.map((r, i) => ({ id: `${spec.key}-${String(i + 1)}`, cells: spec.row(r, store) })),
      );
      sections.push({
        key: spec.key,
        title: spec.title,
        text: narrative('en', withheld ? body + paragraph(withheld) : body),
        entries: rows.map(entryOf),
      });
    } else if (withheld !== undefined || spec.emptyText !== undefined) {
      const text = withheld ?? spec.emptyText ?? '';
      sections.push({
        key: spec.key,
        title: spec.title,
        text: narrative('en', paragraph(text)),
        entries: [],
        emptyReason: { code: withheld ? 'withheld' : 'unavailable', text },
      });
    }
  }

  const listedKeys = new Set([keyOf(patient), ...[...listed.values()].flat().map(keyOf)]);
  const supporting = [...held.values()].filter((r) => !listedKeys.has(keyOf(r))).map(entryOf);
  const device: DocEntry = {
    fullUrl: urnOf('Device/$summary'),
    resource: {
      resourceType: 'Device',
      id: nameUuid(`${fhirBaseUrl}/Device/$summary`),
      deviceName: [
        { name: 'Clinician workstation SMART sandbox, $summary', type: 'user-friendly-name' },
      ],
      url: fhirBaseUrl,
    },
  };
  const managing = (patient.managingOrganization as { reference?: unknown } | undefined)?.reference;
  const custodianKey = typeof managing === 'string' ? localKey(managing, fhirBaseUrl) : undefined;
  const custodian = supporting.find((e) => custodianKey && e.fullUrl === urnFor(custodianKey));

  const date = input.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const name = patientName(patient);
  return assembleDocument({
    bundleUuid: randomUUID(),
    compositionUuid: randomUUID(),
    language: 'en',
    date,
    title: `Patient summary of ${name}`,
    text: narrative(
      'en',
      paragraph(`Patient summary of ${name}, generated ${date} from the record at ${fhirBaseUrl}.`),
    ),
    patient: entryOf(patient),
    authors: [device],
    ...(custodian ? { custodian } : {}),
    sections,
    supporting,
  });
}

function patientName(p: StoredResource): string {
  const names = Array.isArray(p.name) ? (p.name as unknown[]) : [];
  const first = names[0] as { text?: unknown; given?: unknown; family?: unknown } | undefined;
  if (typeof first?.text === 'string') return first.text;
  const given = Array.isArray(first?.given) ? first.given.join(' ') : '';
  const family = typeof first?.family === 'string' ? first.family : '';
  return `${given} ${family}`.trim() || `Patient/${p.id}`;
}
