import bundle01 from '../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import nlCore from '../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import {
  findNarrativeLinks,
  NARRATIVE_LINK_URL,
  ORIGINAL_TEXT_URL,
  sectionElementKey,
  TEXT_LINK_URL,
} from './narrative-links';
import {
  COMPOSITION_URL,
  conditionEntry,
  minimalIps,
  parseOk,
  section,
  type Json,
} from './test-bundle';
import { decodeXmlEntities, narrativeElements } from './xhtml-ids';

const MED = 'urn:uuid:00000000-0000-4000-8000-200000000001';
const ALLERGY = 'urn:uuid:00000000-0000-4000-8000-300000000001';

function div(inner: string): Json {
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${inner}</div>` };
}

/** A document whose extra past-illness section lists `entries` with the narrative `inner`. */
function withPastIllness(
  inner: string,
  entries: { fullUrl?: string; resource?: Json }[],
  narrativeExtra: Json = {},
): Json {
  return minimalIps({
    sections: [
      section('11450-4', []),
      section('10160-0', [MED]),
      section('48765-2', [ALLERGY]),
      section(
        '11348-0',
        entries.map((e) => e.fullUrl ?? ''),
        { text: { ...div(inner), ...narrativeExtra } },
      ),
    ],
    extraEntries: entries,
  });
}

describe('narrativeElements', () => {
  it('reads id (any case) and <a name>, in order, with entities decoded', () => {
    const html =
      '<table><tr id="r1"><td ID=\'c-1\'>x</td><td id=plain>y</td></tr></table>' +
      '<a name="anchor">a</a><span name="not-an-anchor"/><p id="a&amp;b">z</p>';
    expect(narrativeElements(html)).toEqual([
      { id: 'r1', tag: 'tr' },
      { id: 'c-1', tag: 'td' },
      { id: 'plain', tag: 'td' },
      { id: 'anchor', tag: 'a' },
      { id: 'a&b', tag: 'p' },
    ]);
  });

  it('ignores comments, closing tags and attribute-like text', () => {
    expect(narrativeElements('<!-- <tr id="hidden"> --><p>id="text"</p></tr><br/>')).toEqual([]);
  });

  it('stays linear on hostile markup', () => {
    const hostile = '<a '.repeat(50_000) + 'b="'.repeat(50_000);
    const started = performance.now();
    narrativeElements(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('decodes numeric entities and leaves unknown ones', () => {
    expect(decodeXmlEntities('&#35;x&#x41;&nbsp;')).toBe('#xA&nbsp;');
  });
});

describe('findNarrativeLinks', () => {
  it('NL core: 42 narrativeLink rows found, 4 past-illness links broken', () => {
    const doc = parseOk(nlCore);
    const links = findNarrativeLinks(doc);
    expect(links.links).toHaveLength(42);
    expect(links.links.every((l) => l.source === 'narrativeLink')).toBe(true);
    expect(links.byEntry.get(2)).toEqual([
      {
        entryIndex: 2,
        sectionPath: [0],
        elementId: 'AllergyIntolerance-urn:uuid:a680e936-a35a-4c07-97ef-a403034ef88a',
        source: 'narrativeLink',
      },
    ]);
    const row = links.bySectionElement.get(
      sectionElementKey([1], 'MedicationRequest-urn:uuid:a298394a-eae9-4ba7-8690-72d201ce5d6f'),
    );
    expect(row?.map((l) => l.entryIndex)).toEqual([6]);
    expect(links.broken.map((b) => [b.entryIndex, b.source])).toEqual([
      [54, 'narrativeLink'],
      [55, 'narrativeLink'],
      [56, 'narrativeLink'],
      [57, 'narrativeLink'],
    ]);
    // Each section's links point at its own entries' rows.
    const devices = links.links.filter((l) => l.sectionPath[0] === 4).map((l) => l.entryIndex);
    expect(devices).toEqual([25, 26, 27, 28, 29, 30, 31, 32]);
  });

  it('Bundle-01: its section narratives carry no row ids, so there are no links', () => {
    const links = findNarrativeLinks(parseOk(bundle01));
    expect(links.links).toEqual([]);
    expect(links.broken).toEqual([]);
  });

  it('links CDA-style originalText references (on CodeableConcept.text too)', () => {
    const a = conditionEntry(2, {
      code: {
        extension: [{ url: ORIGINAL_TEXT_URL, valueUrl: `${COMPOSITION_URL}#problem1` }],
        text: 'Asthma',
      },
    });
    const b = conditionEntry(3, {
      code: {
        text: 'Gout',
        _text: {
          extension: [{ url: ORIGINAL_TEXT_URL, valueString: 'Composition/comp#problem2' }],
        },
      },
    });
    const plain = conditionEntry(4, {
      code: { extension: [{ url: ORIGINAL_TEXT_URL, valueString: 'just words' }] },
    });
    const doc = parseOk(
      withPastIllness(
        '<table><tr><td ID="problem1">Asthma</td></tr><tr><td ID="problem2">Gout</td></tr></table>',
        [a, b, plain],
      ),
    );
    const links = findNarrativeLinks(doc);
    expect(links.links.map((l) => [l.entryIndex, l.elementId, l.source, l.sectionPath])).toEqual([
      [5, 'problem1', 'originalText', [3]],
      [6, 'problem2', 'originalText', [3]],
    ]);
  });

  it('ignores links into the entry’s own narrative', () => {
    const own = conditionEntry(2, { extension: [{ url: NARRATIVE_LINK_URL, valueUrl: '#self' }] });
    const links = findNarrativeLinks(parseOk(withPastIllness('<p id="self">x</p>', [own])));
    expect(links.links).toEqual([]);
    expect(links.broken).toEqual([]);
  });

  it('reads textLink extensions on the section narrative', () => {
    const a = conditionEntry(2);
    const textLink = {
      url: TEXT_LINK_URL,
      extension: [
        { url: 'htmlid', valueString: 'li-1' },
        { url: 'htmlid', valueString: 'li-missing' },
        { url: 'data', valueUri: a.fullUrl },
      ],
    };
    const links = findNarrativeLinks(
      parseOk(withPastIllness('<ul><li id="li-1">x</li></ul>', [a], { extension: [textLink] })),
    );
    expect(links.links).toEqual([
      { entryIndex: 5, sectionPath: [3], elementId: 'li-1', source: 'textLink' },
    ]);
    expect(links.broken).toMatchObject([
      { entryIndex: 5, elementId: 'li-missing', source: 'textLink' },
    ]);
  });

  it('matches element ids equal to an entry’s id or fullUrl (optionally type-prefixed)', () => {
    const a = conditionEntry(2);
    const b = conditionEntry(3);
    const c = conditionEntry(4);
    const html = `<p id="Condition-${a.fullUrl ?? ''}">a</p><p id="Condition_c3">b</p><p id="row-c4">not an exact match</p>`;
    const links = findNarrativeLinks(parseOk(withPastIllness(html, [a, b, c])));
    expect(links.links.map((l) => [l.entryIndex, l.elementId, l.source])).toEqual([
      [5, `Condition-${a.fullUrl ?? ''}`, 'id-match'],
      [6, 'Condition_c3', 'id-match'],
    ]);
  });
});
