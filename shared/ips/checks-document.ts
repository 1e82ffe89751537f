/**
 * Document-level checks: the Bundle and its Composition (IPS Bundle-uv-ips and bdl-ips-1), and
 * the subject of the summary.
 * @see https://build.fhir.org/ig/HL7/fhir-ips/StructureDefinition-Bundle-uv-ips.html
 */
import { makeCheck, type IpsCheck } from './check-messages';
import type { IpsDocument } from './model';

export function documentChecks(doc: IpsDocument): IpsCheck[] {
  const checks: IpsCheck[] = [];
  const compositionIndex = doc.composition.entryIndex;

  if (!doc.composition.isIps) {
    checks.push(
      makeCheck('not-ips-composition', {}, [
        { entryIndex: compositionIndex, path: 'Composition.type' },
      ]),
    );
  }
  // The first entry of a document is its Composition (FHIR documents §3.3.1, IPS Bundle-uv-ips).
  if (compositionIndex !== 0) {
    checks.push(
      makeCheck('composition-not-first', { position: compositionIndex + 1 }, [
        { entryIndex: compositionIndex },
      ]),
    );
  }
  const compositions = doc.entries.filter((e) => e.resourceType === 'Composition');
  if (compositions.length > 1) {
    checks.push(
      makeCheck(
        'extra-composition',
        { count: compositions.length },
        compositions
          .filter((e) => e.index !== compositionIndex)
          .map((e) => ({ entryIndex: e.index })),
      ),
    );
  }
  for (const position of doc.entriesWithoutResource) {
    checks.push(
      makeCheck(
        'entry-without-resource',
        { position: position + 1 },
        [{ entryIndex: position }],
        String(position),
      ),
    );
  }
  const withoutFullUrl = doc.entries.filter(
    (e) => e.fullUrl === undefined || e.fullUrl.trim() === '',
  );
  if (withoutFullUrl.length > 0) {
    checks.push(
      makeCheck(
        'entry-missing-fullurl',
        { count: withoutFullUrl.length },
        withoutFullUrl.map((e) => ({ entryIndex: e.index })),
      ),
    );
  }
  for (const [fullUrl, indexes] of doc.index.byFullUrl) {
    if (indexes.length < 2) continue;
    checks.push(
      makeCheck(
        'duplicate-fullurl',
        { fullUrl, count: indexes.length },
        indexes.map((entryIndex) => ({ entryIndex })),
        fullUrl,
      ),
    );
  }
  if (doc.bundle.identifier === undefined) {
    checks.push(
      makeCheck('document-metadata-missing', { element: 'identifier' }, [], 'identifier'),
    );
  }
  if (doc.bundle.timestamp === undefined) {
    checks.push(makeCheck('document-metadata-missing', { element: 'timestamp' }, [], 'timestamp'));
  }

  const subjectPointer = { entryIndex: compositionIndex, path: 'Composition.subject' };
  if (!doc.subject.ok) {
    checks.push(
      makeCheck(
        'subject-unresolved',
        { reference: doc.subject.reference ?? '', reason: doc.subject.reason },
        [subjectPointer],
      ),
    );
  } else if (doc.subject.target.resource.resourceType !== 'Patient') {
    checks.push(
      makeCheck('subject-not-patient', { resourceType: doc.subject.target.resource.resourceType }, [
        subjectPointer,
        { entryIndex: doc.subject.target.entryIndex },
      ]),
    );
  }
  return checks;
}
