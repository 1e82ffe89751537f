import {
  formatTableError,
  packSystemsOf,
  parseSourceTable,
  parseSourceTables,
} from './source-table';

const HEADER = ['system', 'code', 'en', 'de', 'fr', 'origin', 'note'].join('\t');
const row = (...cells: string[]): string => cells.join('\t');
const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';

describe('parseSourceTable', () => {
  it('reads rows after comments and blank lines, leaving empty cells out', () => {
    const text = [
      '# a comment',
      '',
      HEADER,
      row(SCT, '59621000', 'Essential hypertension', 'Essentielle Hypertonie', '', 'sandbox', ''),
      '# trailing comment',
    ].join('\n');
    const parsed = parseSourceTable('t.tsv', text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.languages).toEqual(['en', 'de', 'fr']);
    expect(parsed.rows).toEqual([
      {
        file: 't.tsv',
        line: 4,
        system: SCT,
        code: '59621000',
        designations: { en: 'Essential hypertension', de: 'Essentielle Hypertonie' },
        origin: ['sandbox'],
        note: '',
      },
    ]);
  });

  it('reports each bad row with its line number and keeps the good ones', () => {
    const text = [
      HEADER,
      row(SCT, '59621000', 'Essential hypertension', '', '', 'sandbox', ''), // 2: fine
      row('http://snomed.info/sct/', '44054006', 'Diabetes', '', '', 'sandbox', ''), // 3
      row(SCT, '44054006', '', 'Diabetes Typ 2', '', 'sandbox', ''), // 4: empty en
      row(SCT, '44054007', 'Diabetes mellitus type 2', '', '', 'sandbox', ''), // 5: Verhoeff
      row(LOINC, '8867-5', 'Heart rate', '', '', 'sandbox', ''), // 6: check digit
      row(SCT, '40930008', 'Hypothyroidism', '', '', 'somewhere', ''), // 7: origin
      row(SCT, '40930008', 'Hypothyroidism', ' Hypothyreose', '', 'sandbox'), // 8: 6 columns
      row(SCT, '90560007', 'Gout', ' Gicht', '', 'sandbox', ''), // 9: leading space
    ].join('\n');
    const parsed = parseSourceTable('t.tsv', text);
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
    expect(parsed.errors.map(formatTableError)).toEqual([
      't.tsv:3: system: unknown system URI (see systems.ts)',
      't.tsv:4: en: empty en designation',
      't.tsv:5: code 44054007: not a SNOMED CT id (Verhoeff check)',
      't.tsv:6: code 8867-5: not a LOINC code (check digit)',
      't.tsv:7: origin.0: origin must be sandbox, fixture, ips-common',
      't.tsv:8: expected 7 columns, found 6',
      't.tsv:9: de: has leading or trailing spaces',
    ]);
  });

  it('rejects a header that does not follow the format', () => {
    const bad = (header: string): string[] =>
      parseSourceTable('h.tsv', header).errors.map(formatTableError);
    expect(bad('system\tcode\tde\ten\torigin\tnote')).toEqual([
      'h.tsv:1: the first language column must be en',
    ]);
    expect(bad('system\tcode\ten\tDeutsch\torigin\tnote')).toEqual([
      'h.tsv:1: "Deutsch" is not a primary language subtag',
    ]);
    expect(bad('code\tsystem\ten\torigin\tnote')).toEqual([
      'h.tsv:1: header must be: system, code, <languages…>, origin, note',
    ]);
    expect(bad('# only a comment')).toEqual(['h.tsv:1: no header']);
  });
});

describe('parseSourceTables', () => {
  it('reports a system + code defined twice, at the second place, naming the first', () => {
    const a = [HEADER, row(SCT, '90560007', 'Gout', 'Gicht', 'Goutte', 'sandbox', '')].join('\n');
    const b = [HEADER, '', row(SCT, '90560007', 'Gout', '', '', 'ips-common', '')].join('\n');
    const parsed = parseSourceTables([
      { file: 'a.tsv', text: a },
      { file: 'b.tsv', text: b },
    ]);
    expect(parsed.errors.map(formatTableError)).toEqual([
      'b.tsv:3: duplicate http://snomed.info/sct|90560007 (first at a.tsv:2)',
    ]);
    expect(parsed.rows).toHaveLength(1);
  });

  it('requires the same language columns in every file', () => {
    const other = [
      'system\tcode\ten\tit\torigin\tnote',
      row(SCT, '90560007', 'Gout', 'Gotta', 'fixture', ''),
    ];
    const parsed = parseSourceTables([
      { file: 'a.tsv', text: HEADER },
      { file: 'b.tsv', text: other.join('\n') },
    ]);
    expect(parsed.errors.map(formatTableError)).toEqual([
      'b.tsv:1: language columns en,it differ from en,de,fr',
    ]);
  });
});

describe('packSystemsOf', () => {
  it('orders systems and codes by code unit, independent of input order', () => {
    const text = [
      HEADER,
      row(SCT, '90560007', 'Gout', '', '', 'sandbox', ''),
      row(LOINC, '8867-4', 'Heart rate', 'Herzfrequenz', '', 'sandbox', ''),
      row(SCT, '40930008', 'Hypothyroidism', '', '', 'sandbox', ''),
    ].join('\n');
    const systems = packSystemsOf(parseSourceTable('t.tsv', text).rows);
    expect(Object.keys(systems)).toEqual([LOINC, SCT]);
    expect(Object.keys(systems[SCT] ?? {})).toEqual(['40930008', '90560007']);
    expect(systems[LOINC]?.['8867-4']).toEqual({ en: 'Heart rate', de: 'Herzfrequenz' });
  });
});
