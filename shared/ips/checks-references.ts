/**
 * Reference checks: references inside entries that point to nothing, references matched only
 * leniently, entries that nothing shows (not reachable from the Composition through any chain
 * of references — a Medication referenced by a listed MedicationStatement counts as shown),
 * entries about another patient, and narrative links to elements that do not exist.
 * Unresolved `section.entry` references are reported by the section checks instead.
 * @see https://hl7.org/fhir/R4/bundle.html#references
 */
import { makeCheck, type IpsCheck } from './check-messages';
import type { IpsDocument, IpsPointer } from './model';
import { findNarrativeLinks } from './narrative-links';

const SECTION_ENTRY = /^Composition\.section(?:\[\d+\]\.section)*\[\d+\]\.entry\[\d+\]$/;

/** Entry positions reachable from the Composition by following resolved references. */
export function reachableEntries(doc: IpsDocument): Set<number> {
  const edges = new Map<number, number[]>();
  for (const ref of doc.references) {
    if (!ref.resolution.ok) continue;
    const list = edges.get(ref.fromEntry) ?? [];
    list.push(ref.resolution.target.entryIndex);
    edges.set(ref.fromEntry, list);
  }
  const reached = new Set<number>([doc.composition.entryIndex]);
  const queue = [doc.composition.entryIndex];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined) break;
    for (const to of edges.get(next) ?? []) {
      if (!reached.has(to)) {
        reached.add(to);
        queue.push(to);
      }
    }
  }
  return reached;
}

function unresolvedChecks(doc: IpsDocument): IpsCheck[] {
  const groups = new Map<string, { reason: string; pointers: IpsPointer[] }>();
  const lenient: IpsPointer[] = [];
  for (const ref of doc.references) {
    const pointer = { entryIndex: ref.fromEntry, path: ref.path };
    if (ref.resolution.ok) {
      if (ref.resolution.target.lenient) lenient.push(pointer);
      continue;
    }
    if (ref.fromEntry === doc.composition.entryIndex && SECTION_ENTRY.test(ref.path)) continue;
    if (ref.fromEntry === doc.composition.entryIndex && ref.path === 'Composition.subject')
      continue;
    const key = ref.resolution.reference ?? '';
    const group = groups.get(key) ?? { reason: ref.resolution.reason, pointers: [] };
    group.pointers.push(pointer);
    groups.set(key, group);
  }
  const checks = [...groups].map(([reference, group]) =>
    makeCheck(
      'reference-unresolved',
      { reference, reason: group.reason, count: group.pointers.length },
      group.pointers,
      reference,
    ),
  );
  if (lenient.length > 0)
    checks.push(makeCheck('reference-lenient', { count: lenient.length }, lenient));
  return checks;
}

function otherPatientChecks(doc: IpsDocument): IpsCheck[] {
  if (!doc.subject.ok || doc.subject.target.resource.resourceType !== 'Patient') return [];
  const patient = doc.subject.target.entryIndex;
  const checks: IpsCheck[] = [];
  for (const ref of doc.references) {
    if (!ref.resolution.ok || ref.fromEntry === doc.composition.entryIndex) continue;
    const entry = doc.index.byIndex.get(ref.fromEntry);
    if (!entry) continue;
    // Only the element that says whose record this is: `subject` or `patient` at the top level.
    if (
      ref.path !== `${entry.resourceType}.subject` &&
      ref.path !== `${entry.resourceType}.patient`
    )
      continue;
    const target = ref.resolution.target;
    if (target.resource.resourceType !== 'Patient' || target.entryIndex === patient) continue;
    checks.push(
      makeCheck(
        'other-patient',
        {
          resourceType: entry.resourceType,
          position: entry.index + 1,
          reference: ref.reference.reference ?? '',
        },
        [{ entryIndex: entry.index, path: ref.path }, { entryIndex: target.entryIndex }],
        String(entry.index),
      ),
    );
  }
  return checks;
}

export function referenceChecks(doc: IpsDocument): IpsCheck[] {
  const checks = unresolvedChecks(doc);
  const reached = reachableEntries(doc);
  for (const entry of doc.entries) {
    if (reached.has(entry.index)) continue;
    checks.push(
      makeCheck(
        'unreferenced-entry',
        { resourceType: entry.resourceType, position: entry.index + 1 },
        [{ entryIndex: entry.index }],
        String(entry.index),
      ),
    );
  }
  checks.push(...otherPatientChecks(doc));
  const links = findNarrativeLinks(doc);
  links.broken.forEach((broken, i) => {
    const entry = doc.index.byIndex.get(broken.entryIndex);
    checks.push(
      makeCheck(
        'narrative-link-broken',
        {
          resourceType: entry?.resourceType ?? '',
          position: broken.entryIndex + 1,
          elementId: broken.elementId,
        },
        [{ entryIndex: broken.entryIndex }],
        String(i),
      ),
    );
  });
  return checks;
}
