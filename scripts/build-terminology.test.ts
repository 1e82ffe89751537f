import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDataset } from '../server/sandbox/data/generate';
import * as codes from '../server/sandbox/data/codes';
import { VISITOR_HOMES } from '../server/sandbox/data/patients-visitors';
import { buildVisitorDocument } from '../server/sandbox/ips/visitors';
import { lookupDesignation } from '../shared/terminology/lookup';
import { parseTerminologyPack, type TerminologyPack } from '../shared/terminology/pack';
import { formatTableError, type SourceRow } from '../shared/terminology/source-table';
import { canonicalSystem } from '../shared/terminology/systems';
import {
  buildPack,
  main,
  PACK_PATH,
  packStats,
  readSourceTables,
  renderPackJson,
  TERMINOLOGY_DIR,
} from './build-terminology';

const FIXTURES_IPS = path.join(import.meta.dirname, '../../shared/fixtures/ips');

/** Every `{ system, code }` in a JSON tree, skipping `meta` (tags) and identifiers. */
function collectCodings(node: unknown, out: Set<string>, key = ''): Set<string> {
  if (key === 'meta' || /identifier/i.test(key)) return out;
  if (Array.isArray(node)) {
    for (const n of node) collectCodings(n, out, key);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.system === 'string' && typeof o.code === 'string') {
      out.add(`${canonicalSystem(o.system)}|${o.code}`);
    }
    for (const [k, v] of Object.entries(o)) collectCodings(v, out, k);
  }
  return out;
}

/** The document and its clinical entries; Patient, Practitioner and Organization are left out:
 * their administrative codes (gender, marital status, roles) are the app's i18n, not the pack's. */
const CLINICAL_TYPES = new Set([
  'Composition',
  'Condition',
  'AllergyIntolerance',
  'MedicationStatement',
  'MedicationRequest',
  'Medication',
  'Immunization',
  'Observation',
  'DiagnosticReport',
  'Procedure',
  'Device',
  'DeviceUseStatement',
  'CarePlan',
  'ClinicalImpression',
  'Flag',
  'Consent',
]);

async function fixtureCodings(): Promise<Set<string>> {
  const out = new Set<string>();
  for (const name of (await readdir(FIXTURES_IPS)).filter((n) => n.endsWith('.json'))) {
    const bundle = JSON.parse(await readFile(path.join(FIXTURES_IPS, name), 'utf8')) as {
      entry?: { resource?: { resourceType?: string } }[];
    };
    for (const entry of bundle.entry ?? []) {
      if (CLINICAL_TYPES.has(entry.resource?.resourceType ?? ''))
        collectCodings(entry.resource, out);
    }
  }
  return out;
}

/** The generated sandbox dataset, the visitors' home IPS documents and every concept constant
 * of codes.ts / medications.ts. */
function sandboxCodings(): Set<string> {
  const out = collectCodings(generateDataset(), new Set<string>());
  for (const home of VISITOR_HOMES) collectCodings(buildVisitorDocument(home), out);
  const groups = [
    [codes.LOINC, codes.VITALS, codes.LABS, codes.BP],
    [codes.SNOMED, codes.CONDITIONS, codes.ALLERGENS, codes.REACTIONS, codes.PROCEDURES],
    [codes.SNOMED, codes.ENCOUNTER_TYPES],
    [codes.CVX, codes.VACCINES],
  ] as const;
  for (const [system, ...maps] of groups) {
    for (const map of maps) {
      for (const c of Object.values<{ code: string }>(map)) out.add(`${system}|${c.code}`);
    }
  }
  for (const med of Object.values<codes.MedicationDef>(codes.MEDICATIONS)) {
    out.add(`${codes.ATC}|${med.atc.code}`);
    if (med.rxnorm) out.add(`${codes.RXNORM}|${med.rxnorm.code}`);
  }
  return out;
}

async function readExclusions(): Promise<{ systems: Set<string>; codes: Set<string> }> {
  const text = await readFile(path.join(TERMINOLOGY_DIR, 'excluded.tsv'), 'utf8');
  const systems = new Set<string>();
  const excluded = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    if (!line || line.startsWith('#') || line.startsWith('system\t')) continue;
    const [system = '', code = '', reason = ''] = line.split('\t');
    expect(reason, `excluded.tsv: ${line} needs a reason`).not.toBe('');
    if (code === '*') systems.add(system);
    else excluded.add(`${system}|${code}`);
  }
  return { systems, codes: excluded };
}

let built: Promise<{ pack: TerminologyPack; rows: SourceRow[] }> | undefined;

/** The pack built from the tables on disk, once per test file. */
function builtPack(): Promise<{ pack: TerminologyPack; rows: SourceRow[] }> {
  built ??= readSourceTables().then((files) => {
    const result = buildPack(files);
    if (!result.ok) throw new Error(result.errors.map(formatTableError).join('\n'));
    return result;
  });
  return built;
}

describe('terminology source tables', () => {
  it('build without errors into a pack the app can load', async () => {
    const { pack } = await builtPack();
    expect(parseTerminologyPack(pack).ok).toBe(true);
    expect(pack.languages).toEqual(['en', 'de', 'fr', 'it', 'es']);
    expect(pack.version).toMatch(/^sha256-[0-9a-f]{16}$/);
  });

  it('match the checked-in pack.json (run `npm run terminology` after editing a table)', async () => {
    const { pack } = await builtPack();
    const checkedIn: unknown = JSON.parse(await readFile(PACK_PATH, 'utf8'));
    expect(checkedIn).toEqual(pack);
    expect(await readFile(PACK_PATH, 'utf8')).toBe(await renderPackJson(pack));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(main(['--check'])).resolves.toBe(0);
    expect(log).toHaveBeenCalledWith(expect.stringContaining(pack.version));
    log.mockRestore();
  });

  it('changing one designation changes the version hash', async () => {
    const files = await readSourceTables();
    const before = buildPack(files);
    const edited = files.map((f) =>
      f.file === 'snomed-disorders.tsv'
        ? { ...f, text: f.text.replace('\tEssentielle Hypertonie\t', '\tPrimäre Hypertonie\t') }
        : f,
    );
    const after = buildPack(edited);
    if (!before.ok || !after.ok) throw new Error('tables do not build');
    expect(after.pack.version).not.toBe(before.pack.version);
  });

  it('cover every code the sandbox generator uses, with truthful "sandbox" tags', async () => {
    const { rows } = await builtPack();
    const excluded = await readExclusions();
    const inTable = new Set(rows.map((r) => `${r.system}|${r.code}`));
    const used = sandboxCodings();
    const missing = [...used].filter(
      (k) =>
        !inTable.has(k) && !excluded.codes.has(k) && !excluded.systems.has(k.split('|')[0] ?? ''),
    );
    expect(missing, 'sandbox codes with no pack row and no exclusion').toEqual([]);
    const untrueTags = rows
      .filter((r) => r.origin.includes('sandbox') && !used.has(`${r.system}|${r.code}`))
      .map((r) => `${r.file}:${r.line}`);
    expect(untrueTags, 'rows tagged sandbox that the sandbox does not use').toEqual([]);
    const untagged = rows
      .filter((r) => used.has(`${r.system}|${r.code}`) && !r.origin.includes('sandbox'))
      .map((r) => `${r.file}:${r.line}`);
    expect(untagged, 'rows the sandbox uses that are not tagged sandbox').toEqual([]);
  });

  it('cover every coded concept in the shared IPS fixtures, with truthful "fixture" tags', async () => {
    const { rows } = await builtPack();
    const excluded = await readExclusions();
    const inTable = new Set(rows.map((r) => `${r.system}|${r.code}`));
    const used = await fixtureCodings();
    const missing = [...used].filter(
      (k) =>
        !inTable.has(k) && !excluded.codes.has(k) && !excluded.systems.has(k.split('|')[0] ?? ''),
    );
    expect(missing, 'fixture codes with no pack row and no exclusion').toEqual([]);
    const untrueTags = rows
      .filter((r) => r.origin.includes('fixture') && !used.has(`${r.system}|${r.code}`))
      .map((r) => `${r.file}:${r.line}`);
    expect(untrueTags, 'rows tagged fixture that no fixture uses').toEqual([]);
    // An exclusion for a code the table has would hide a translation: not allowed.
    expect([...excluded.codes].filter((k) => inTable.has(k))).toEqual([]);
  });

  it('reports codes per system and language fill', async () => {
    const { pack } = await builtPack();
    const stats = packStats(pack);
    const sum = stats.bySystem.reduce((n, s) => n + s.codes, 0);
    expect(sum).toBe(stats.total);
    expect(stats.byLanguage.find((l) => l.lang === 'en')?.percent).toBe(100);
    expect(stats.bySystem.find((s) => s.label === 'SNOMED CT')?.codes).toBeGreaterThan(100);
  });
});

describe('the built pack in each language', () => {
  it('gives the sandbox conditions, medicines and labs in de, fr, it and es', async () => {
    const { pack } = await builtPack();
    const htn = { system: codes.SNOMED, code: '59621000' };
    expect(lookupDesignation(pack, htn, 'de-CH')?.display).toBe('Essentielle Hypertonie');
    expect(lookupDesignation(pack, htn, 'fr-BE')?.display).toBe('Hypertension essentielle');
    expect(lookupDesignation(pack, htn, 'it')?.display).toBe('Ipertensione essenziale');
    expect(lookupDesignation(pack, htn, 'es-AR')?.display).toBe('Hipertensión esencial');
    // INN per language: the US name acetaminophen is paracetamol elsewhere.
    const apap = { system: codes.RXNORM, code: '313782' };
    expect(lookupDesignation(pack, apap, 'en')?.display).toBe('Acetaminophen 325 MG Oral Tablet');
    expect(lookupDesignation(pack, apap, 'de')?.display).toBe('Paracetamol 325 mg Tablette');
    const amlo = { system: codes.ATC, code: 'C08CA01' };
    expect(lookupDesignation(pack, amlo, 'es')?.display).toBe('amlodipino');
    const hr = { system: 'urn:oid:2.16.840.1.113883.6.1', code: '8867-4' };
    expect(lookupDesignation(pack, hr, 'fr')?.display).toBe('Fréquence cardiaque');
    const film = { system: 'http://standardterms.edqm.eu', code: '10221000' };
    expect(lookupDesignation(pack, film, 'de-AT')?.display).toBe('Filmtablette');
    const nka = { system: codes.SNOMED, code: '716186003' };
    expect(lookupDesignation(pack, nka, 'it')?.display).toBe('Nessuna allergia nota');
    expect(lookupDesignation(pack, nka, 'nl')).toBeUndefined();
  });
});
