/**
 * Section checks: the required IPS sections and ips-comp-1, FHIR's cmp-1/cmp-2, codes, narrative,
 * nesting, and the entries each section lists (unresolved, of a type IPS does not expect there,
 * entered in error).
 * @see https://build.fhir.org/ig/HL7/fhir-ips/StructureDefinition-Composition-uv-ips.html
 * @see https://hl7.org/fhir/R4/composition.html#invs
 */
import { isEnteredInError } from '../fhir/status';
import { makeCheck, type IpsCheck } from './check-messages';
import type { IpsDocument, IpsSection } from './model';
import { flattenSections, IPS_SECTIONS } from './sections';

/** How a section is named in a message: its title as sent, else its catalogue name, else its place. */
export function sectionLabel(section: IpsSection): string {
  const title = section.title?.trim();
  if (title) return title;
  if (section.definition) return section.definition.defaultTitle;
  return `section ${section.path.map((i) => i + 1).join('.')}`;
}

function entryChecks(doc: IpsDocument, section: IpsSection): IpsCheck[] {
  const checks: IpsCheck[] = [];
  const name = sectionLabel(section);
  const pathKey = section.path.join('.');
  const expected = section.definition?.entryTypes;
  section.entries.forEach((entry, i) => {
    const pointer = {
      entryIndex: doc.composition.entryIndex,
      sectionPath: section.path,
      path: `entry[${i}]`,
    };
    const id = `${pathKey}/${i}`;
    if (!entry.resolution.ok) {
      checks.push(
        makeCheck(
          'section-entry-unresolved',
          {
            section: name,
            reference: entry.resolution.reference ?? entry.reference.display ?? '',
            reason: entry.resolution.reason,
          },
          [pointer],
          id,
        ),
      );
      return;
    }
    const { resource, entryIndex } = entry.resolution.target;
    const targetPointer = { entryIndex, sectionPath: section.path };
    if (expected && !expected.includes(resource.resourceType)) {
      checks.push(
        makeCheck(
          'section-entry-unexpected-type',
          { section: name, resourceType: resource.resourceType, expected: expected.join(', ') },
          [pointer, targetPointer],
          id,
        ),
      );
    }
    if (isEnteredInError(resource)) {
      checks.push(
        makeCheck(
          'section-entry-entered-in-error',
          { section: name, resourceType: resource.resourceType },
          [pointer, targetPointer],
          id,
        ),
      );
    }
  });
  return checks;
}

export function sectionChecks(doc: IpsDocument): IpsCheck[] {
  const checks: IpsCheck[] = [];
  const all = flattenSections(doc.sections);
  const compositionIndex = doc.composition.entryIndex;

  for (const def of IPS_SECTIONS) {
    if (def.requirement !== 'required') continue;
    const present = all.filter((s) => s.loinc === def.loinc);
    if (present.length === 0) {
      checks.push(
        makeCheck(
          'required-section-missing',
          { section: def.defaultTitle, sectionKey: def.titleKey, code: def.loinc },
          [{ entryIndex: compositionIndex, path: 'Composition.section' }],
          def.loinc,
        ),
      );
    }
    for (const s of present) {
      // ips-comp-1: entry.reference.exists() or emptyReason.exists()
      const hasReference = s.entries.some((e) => typeof e.reference.reference === 'string');
      if (!hasReference && !s.emptyReason) {
        checks.push(
          makeCheck(
            'required-section-empty',
            { section: sectionLabel(s), sectionKey: def.titleKey, code: def.loinc },
            [{ entryIndex: compositionIndex, sectionPath: s.path }],
            s.path.join('.'),
          ),
        );
      }
    }
  }

  const byCode = new Map<string, IpsSection[]>();
  for (const s of all) {
    const name = sectionLabel(s);
    const pointer = { entryIndex: compositionIndex, sectionPath: s.path };
    const id = s.path.join('.');
    if (s.loinc !== undefined) byCode.set(s.loinc, [...(byCode.get(s.loinc) ?? []), s]);
    if (s.emptyReason && s.entries.length > 0) {
      checks.push(
        makeCheck(
          'empty-reason-with-entries',
          { section: name, count: s.entries.length },
          [pointer],
          id,
        ),
      );
    }
    if (!s.narrative && s.entries.length === 0 && s.sections.length === 0) {
      checks.push(makeCheck('section-without-content', { section: name }, [pointer], id));
    }
    const codes = s.code?.coding?.filter((c) => c.code !== undefined) ?? [];
    if (codes.length === 0) {
      checks.push(makeCheck('section-without-code', { section: name }, [pointer], id));
    } else if (!s.definition) {
      const first = codes[0];
      const code = s.loinc ?? `${first?.system ?? ''} ${first?.code ?? ''}`.trim();
      checks.push(makeCheck('section-unknown-code', { section: name, code }, [pointer], id));
    }
    if (!s.narrative)
      checks.push(makeCheck('section-without-narrative', { section: name }, [pointer], id));
    if (s.path.length > 1)
      checks.push(makeCheck('nested-section', { section: name }, [pointer], id));
    checks.push(...entryChecks(doc, s));
  }
  for (const [code, sections] of byCode) {
    if (sections.length < 2) continue;
    checks.push(
      makeCheck(
        'duplicate-section',
        { code, count: sections.length },
        sections.map((s) => ({ entryIndex: compositionIndex, sectionPath: s.path })),
        code,
      ),
    );
  }
  return checks;
}
