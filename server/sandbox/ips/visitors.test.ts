// @vitest-environment jsdom
// jsdom for DOMParser: narratives must parse as XML (application/xhtml+xml), not just as HTML.
import { describe, expect, it } from 'vitest';
import { VISITOR_HOMES } from '../data/patients-visitors';
import { codingsIn, documentProblems } from './document-check';
import type { DocumentBundle } from './document';
import { buildVisitorDocument, findVisitorDocument, visitorDocuments } from './visitors/index';

type Json = Record<string, unknown>;

const resources = (doc: DocumentBundle, type: string): Json[] =>
  doc.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource as Json);
const byUrl = (doc: DocumentBundle, url: unknown): Json | undefined =>
  doc.entry.find((e) => e.fullUrl === url)?.resource;
function composition(doc: DocumentBundle): Json & { section: Json[] } {
  const c = doc.entry[0]?.resource;
  if (c?.resourceType !== 'Composition' || !Array.isArray(c.section))
    throw new Error('the first entry is not a Composition with sections');
  return { ...c, section: c.section as Json[] };
}
const section = (doc: DocumentBundle, loinc: string): Json | undefined =>
  composition(doc).section.find((s) => JSON.stringify(s.code).includes(`"${loinc}"`));
const divsOf = (doc: DocumentBundle): string[] =>
  [composition(doc), ...composition(doc).section].map((s) => (s.text as { div: string }).div);

/** The parser's complaint, or undefined when the markup is well-formed XML. */
function xmlError(div: string): string | undefined {
  const parsed = new DOMParser().parseFromString(div, 'application/xhtml+xml');
  const error = parsed.getElementsByTagName('parsererror')[0];
  return error?.textContent;
}

const docFor = (country: string): DocumentBundle => {
  const found = visitorDocuments().find((v) => v.home.country === country);
  if (!found) throw new Error(`no document for ${country}`);
  return found.document;
};

describe.each(VISITOR_HOMES.map((h) => [h.country, h] as const))('%s visitor IPS', (_, home) => {
  const doc = docFor(home.country);

  it('is a valid IPS document whose references all resolve inside it', () => {
    expect(documentProblems(doc)).toEqual([]);
  });

  it('is in the source language, with well-formed XHTML narrative tagged with it', () => {
    expect(doc.language).toBe(home.language);
    expect(composition(doc).language).toBe(home.language);
    for (const div of divsOf(doc)) {
      expect(xmlError(div)).toBeUndefined();
      expect(div).toContain(`lang="${home.language}" xml:lang="${home.language}"`);
    }
  });

  it('carries English translations on some codings and not on others', () => {
    const clinical = doc.entry
      .filter((e) => e.resource.resourceType !== 'Composition')
      .flatMap((e) => codingsIn(e.resource))
      .filter((c) => c.display !== undefined);
    expect(clinical.filter((c) => c.en !== undefined).length).toBeGreaterThan(0);
    expect(clinical.filter((c) => c.en === undefined).length).toBeGreaterThan(0);
  });

  it('links entries to narrative rows that exist', () => {
    const compositionUrl = doc.entry[0]?.fullUrl ?? '';
    const links = doc.entry.flatMap(
      (e) =>
        ((e.resource as Json).extension as Json[] | undefined)?.map((x) => String(x.valueUrl)) ??
        [],
    );
    expect(links.length).toBeGreaterThan(0);
    const narrative = divsOf(doc).join('');
    for (const link of links) {
      const [target, id] = link.split('#');
      expect(target).toBe(compositionUrl);
      expect(narrative).toContain(`id="${id ?? ''}"`);
    }
  });

  it('names the national identifier, the home address and a home-country author', () => {
    const patient = byUrl(doc, (composition(doc).subject as Json).reference);
    expect(patient?.identifier).toEqual([
      {
        system: home.nationalId.system,
        value: home.nationalId.value,
        type: { text: home.nationalId.typeText },
      },
    ]);
    expect((patient?.address as Json[])[0]?.country).toBe(home.country);
    const authors = (composition(doc).author as Json[]).map((a) => byUrl(doc, a.reference));
    expect(authors.map((a) => a?.resourceType)).toEqual(['Practitioner', 'Organization']);
    for (const a of authors) expect((a?.address as Json[])[0]?.country).toBe(home.country);
    expect(composition(doc).date).toMatch(/^2026-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
  });

  it('describes every medicine with ATC code, EDQM dose form and strength', () => {
    const statements = resources(doc, 'MedicationStatement');
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      const med = byUrl(doc, (s.medicationReference as Json).reference);
      const codings = codingsIn(med?.code);
      expect(codings.map((c) => c.system)).toEqual(['http://www.whocc.no/atc']);
      expect(codingsIn(med?.form)[0]?.system).toBe('http://standardterms.edqm.eu');
      const strength = ((med?.ingredient as Json[])[0]?.strength ?? {}) as Json;
      expect((strength.numerator as Json).system).toBe('http://unitsofmeasure.org');
      expect((strength.denominator as Json).system).toBe('http://standardterms.edqm.eu');
    }
  });

  it('is the same on every build, and is what the contact point finds', () => {
    expect(JSON.stringify(buildVisitorDocument(home))).toBe(JSON.stringify(doc));
    expect(findVisitorDocument(home.country, home.nationalId)).toBe(doc);
    expect(findVisitorDocument(home.country, { value: home.nationalId.value })).toBe(doc);
  });
});

describe('visitor IPS content', () => {
  it('German: coded in German, with the document’s own English on some codings', () => {
    const doc = docFor('DE');
    expect(composition(doc).title).toBe('Patientenkurzakte');
    const [hypertension, diabetes] = resources(doc, 'Condition').map((c) => codingsIn(c.code));
    expect(hypertension).toEqual([
      {
        system: 'http://snomed.info/sct',
        code: '59621000',
        display: 'Essentielle Hypertonie',
        en: 'Essential hypertension',
      },
      {
        system: 'http://hl7.org/fhir/sid/icd-10',
        code: 'I10',
        display: 'Essentielle (primäre) Hypertonie',
      },
    ]);
    expect(diabetes).toEqual([
      { system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes mellitus Typ 2' },
    ]);
    const [allergy] = resources(doc, 'AllergyIntolerance');
    expect(allergy?.criticality).toBe('high');
    const [hba1c] = resources(doc, 'Observation');
    expect(hba1c?.valueQuantity).toEqual({
      value: 7.4,
      unit: '%',
      system: 'http://unitsofmeasure.org',
      code: '%',
    });
    const metformin = resources(doc, 'Medication')[0];
    expect(codingsIn(metformin?.form)).toEqual([
      {
        system: 'http://standardterms.edqm.eu',
        code: '10226000',
        display: 'Retardtablette',
        en: 'Prolonged-release tablet',
      },
    ]);
    expect((metformin?.ingredient as Json[])[0]?.strength).toEqual({
      numerator: { value: 500, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
      denominator: {
        value: 1,
        unit: 'Tablette',
        system: 'http://standardterms.edqm.eu',
        code: '15054000',
      },
    });
    expect((section(doc, '10160-0')?.text as Json).div).toContain(
      '<tr id="medication-1"><td>Metformin 500 mg Retardtabletten</td><td>500 mg / Tablette</td>',
    );
  });

  it('Italian: "no known allergies" is an entry (716186003), not an empty section', () => {
    const doc = docFor('IT');
    const allergies = section(doc, '48765-2');
    expect(allergies?.emptyReason).toBeUndefined();
    const [statement] = resources(doc, 'AllergyIntolerance');
    expect(codingsIn(statement?.code)).toEqual([
      {
        system: 'http://snomed.info/sct',
        code: '716186003',
        display: 'Nessuna allergia nota',
        en: 'No known allergy',
      },
    ]);
    expect((allergies?.text as Json).div).toContain(
      '<p id="allergy-1">Nessuna allergia nota (accertato il 12/03/2024).</p>',
    );
    expect(section(doc, '30954-2')).toBeUndefined();
    expect(section(doc, '8716-3')).toBeUndefined();
  });

  it('Spanish: no allergy information is an empty section with emptyReason unavailable', () => {
    const doc = docFor('ES');
    const allergies = section(doc, '48765-2');
    expect(allergies?.entry).toBeUndefined();
    expect(allergies?.emptyReason).toEqual({
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason',
          code: 'unavailable',
          display: 'Unavailable',
        },
      ],
      text: 'No hay información disponible sobre alergias.',
    });
    expect(resources(doc, 'AllergyIntolerance')).toEqual([]);
  });

  it('French: TSH keeps its unit and the Tdap booster its date', () => {
    const doc = docFor('FR');
    const [tsh] = resources(doc, 'Observation');
    expect(tsh?.valueQuantity).toEqual({
      value: 2.1,
      unit: 'mUI/L',
      system: 'http://unitsofmeasure.org',
      code: 'm[IU]/L',
    });
    const [tdap] = resources(doc, 'Immunization');
    expect(tdap?.occurrenceDateTime).toBe('2020-02-02');
    expect((section(doc, '30954-2')?.text as Json).div).toContain('<td>2,1 mUI/L</td>');
  });

  it('rejects malformed markup (the XHTML check can fail)', () => {
    expect(xmlError('<div xmlns="http://www.w3.org/1999/xhtml"><p>open</div>')).toBeDefined();
  });
});
