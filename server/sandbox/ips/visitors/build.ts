/**
 * Turns a home-country record into its IPS document: sections in the IPS order with narrative
 * tables in the source language (row ids `problem-1`, `medication-1`…), problems and the first
 * medicine linked to their rows by narrativeLink, and empty required sections carrying
 * emptyReason. Pure: the same record always gives the same document.
 */
import type { PatientDef } from '../../data/patient-def';
import { assembleDocument } from '../document';
import type { DocEntry, DocumentBundle, SectionInput } from '../document';
import { narrative, paragraph, table } from '../narrative';
import type { NarrativeRow } from '../narrative';
import { LABELS } from './labels';
import type { Labels } from './labels';
import type { HomeMeasurement, HomeRecord } from './model';
import {
  HomeEntries,
  allergyEntry,
  authorEntries,
  conditionEntry,
  immunizationEntry,
  medicationEntries,
  noKnownAllergyEntry,
  observationEntry,
  patientEntry,
} from './resources';

function measured(L: Labels, m: HomeMeasurement): string {
  const v = m.value;
  return v.kind === 'quantity'
    ? `${L.number(v.value)} ${v.unit}`
    : `${String(v.systolic)}/${String(v.diastolic)} mmHg`;
}

export function buildHomeDocument(record: HomeRecord, def: PatientDef): DocumentBundle {
  const { home } = record;
  const L = LABELS[home.country];
  const lang = home.language;
  const e = new HomeEntries(home);
  const compositionUuid = e.uuid('composition');
  const rowUrl = (rowId: string): string => `urn:uuid:${compositionUuid}#${rowId}`;
  const patient = patientEntry(e, def);
  const { practitioner, organization } = authorEntries(e, record.author);
  const sections: SectionInput[] = [];
  const supporting: DocEntry[] = [];

  /** A table section; with no rows, a required section says why it is empty. */
  const listSection = (
    key: keyof Labels['sections'],
    headers: string[],
    rows: NarrativeRow[],
    entries: DocEntry[],
    emptyText?: string,
  ): void => {
    const title = L.sections[key];
    if (entries.length > 0) {
      sections.push({ key, title, text: narrative(lang, table(headers, rows)), entries });
    } else if (emptyText !== undefined) {
      sections.push({
        key,
        title,
        text: narrative(lang, paragraph(emptyText)),
        entries: [],
        emptyReason: { code: 'unavailable', text: emptyText },
      });
    }
  };

  const c = L.columns;
  listSection(
    'problems',
    [c.problem, c.since, c.status],
    record.problems.map((p, i) => ({
      id: `problem-${String(i + 1)}`,
      cells: [p.terms[0]?.display ?? '', L.date(p.onset), L.active],
    })),
    record.problems.map((p, i) =>
      conditionEntry(e, i, p, patient, rowUrl(`problem-${String(i + 1)}`)),
    ),
    L.noProblemInformation,
  );

  const allergies = record.allergies;
  if (allergies.kind === 'none-known') {
    sections.push({
      key: 'allergies',
      title: L.sections.allergies,
      text: narrative(
        lang,
        paragraph(L.noKnownAllergiesSince(L.date(allergies.asserted)), 'allergy-1'),
      ),
      entries: [noKnownAllergyEntry(e, allergies.term, allergies.asserted, patient)],
    });
  } else {
    const items = allergies.kind === 'recorded' ? allergies.items : [];
    listSection(
      'allergies',
      [c.substance, c.reaction, c.criticality, c.since],
      items.map((a, i) => ({
        id: `allergy-${String(i + 1)}`,
        cells: [
          a.substance.display,
          a.reaction
            ? `${a.reaction.manifestation.display} (${L.severity[a.reaction.severity]})`
            : '',
          L.criticality[a.criticality],
          L.date(a.onset),
        ],
      })),
      items.map((a, i) => allergyEntry(e, i, a, patient)),
      L.noAllergyInformation,
    );
  }

  const meds = record.medications.map((m, i) =>
    medicationEntries(e, i, m, patient, i === 0 ? rowUrl('medication-1') : undefined),
  );
  supporting.push(...meds.map((m) => m.medication));
  listSection(
    'medications',
    [c.medication, c.strength, c.form, c.dosage],
    record.medications.map((m, i) => ({
      id: `medication-${String(i + 1)}`,
      cells: [
        m.product,
        `${L.number(m.strength.value)} ${m.strength.unit} / ${m.strength.per.display}`,
        m.form.display,
        m.dosage.text,
      ],
    })),
    meds.map((m) => m.statement),
    L.noMedicationInformation,
  );

  listSection(
    'immunizations',
    [c.vaccine, c.date],
    record.immunizations.map((v, i) => ({
      id: `immunization-${String(i + 1)}`,
      cells: [v.vaccine.display, L.date(v.date)],
    })),
    record.immunizations.map((v, i) => immunizationEntry(e, i, v, patient)),
  );

  for (const [key, kind, list] of [
    ['results', 'result', record.results],
    ['vitalSigns', 'vital-sign', record.vitalSigns],
  ] as const) {
    listSection(
      key,
      [c.test, c.result, c.date],
      list.map((m, i) => ({
        id: `${kind}-${String(i + 1)}`,
        cells: [m.code.display, measured(L, m), L.date(m.when)],
      })),
      list.map((m, i) => observationEntry(e, kind, i, m, patient)),
    );
  }

  const p = record.author.practitioner;
  const authorName = `${p.prefix} ${p.given} ${p.family}, ${record.author.organization.name}`;
  return assembleDocument({
    bundleUuid: e.uuid('bundle'),
    compositionUuid,
    language: lang,
    date: record.date,
    title: L.documentTitle,
    text: narrative(
      lang,
      paragraph(
        L.summaryOf(`${def.given.join(' ')} ${def.family}`, L.date(record.date), authorName),
      ),
    ),
    patient,
    authors: [practitioner, organization],
    custodian: organization,
    attester: practitioner,
    sections,
    supporting,
  });
}
