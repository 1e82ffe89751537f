// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { IpsDocument } from '../../../../shared/ips/model';
import { parseIpsDocument } from '../../../../shared/ips/parse';
import {
  composition,
  COMPOSITION_URL,
  documentBundle,
  PATIENT_URL,
  patientEntry,
  section,
  type TestEntry,
} from '../../../../shared/ips/test-bundle';
import { TRANSLATION_EXTENSION_URL } from '../../../../shared/terminology/translation-extension';
import bundle01 from '../../../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import minimal from '../../../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import noInfo from '../../../../../shared/fixtures/ips/hl7-ips_bundle-no-info-required-sections.json';
import pura from '../../../../../shared/fixtures/ips/ipsviewer_CA_PuraJuniper_01.json';
import nl from '../../../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import { renderWithProviders } from '../records/test-utils';
import { IpsViewer } from './IpsViewer';

function parsed(json: unknown): IpsDocument {
  const result = parseIpsDocument(json);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.doc;
}

const loincs = (): string[] =>
  screen.getAllByTestId('ips-section').map((s) => s.getAttribute('data-loinc') ?? '');

describe('IpsViewer on the shared fixtures', () => {
  // Section codes counted by hand from each Composition.section (none of them nests sections).
  const cases: [string, unknown, string[]][] = [
    ['bundle-minimal', minimal, ['11450-4', '10160-0', '48765-2']],
    [
      'IPS-examples-Bundle-01',
      bundle01,
      ['11450-4', '10160-0', '48765-2', '11348-0', '18776-5', '30954-2'],
    ],
    ['no-info-required-sections', noInfo, ['48765-2', '11450-4', '10160-0', '11369-6']],
    // The CA connectathon document's sections carry no code at all.
    ['CA_PuraJuniper_01', pura, ['', '', '', '', '', '', '']],
    [
      'NL_core_patient_01',
      nl,
      [
        '48765-2',
        '10160-0',
        '11450-4',
        '47519-4',
        '46264-8',
        '30954-2',
        '8716-3',
        '11348-0',
        '42348-3',
      ],
    ],
  ];
  it.each(cases)('renders every section of %s in document order', (_name, json, expected) => {
    renderWithProviders(<IpsViewer doc={parsed(json)} language="en" />);
    expect(screen.getByTestId('ips-viewer')).toBeInTheDocument();
    expect(loincs()).toEqual(expected);
    expect(screen.getByTestId('ips-checks')).toBeInTheDocument();
  });

  it('shows the minimal example entries with names in both languages', () => {
    renderWithProviders(<IpsViewer doc={parsed(minimal)} language="de" />, 'de');
    const problems = screen.getAllByTestId('ips-section')[0];
    if (!problems) throw new Error('no section');
    expect(within(problems).getByRole('heading', { name: 'Probleme' })).toBeInTheDocument();
    expect(within(problems).getByTestId('section-title-as-sent')).toHaveTextContent(
      'Active Problems',
    );
    expect(within(problems).getAllByTestId('ips-entry')).toHaveLength(1);
  });

  it('shows "No information" for the no-info example, distinct from "none known"', () => {
    renderWithProviders(<IpsViewer doc={parsed(noInfo)} language="en" />);
    const reasons = screen.getAllByTestId('empty-reason');
    expect(reasons.map((r) => r.getAttribute('data-kind'))).toEqual([
      'no-information',
      'no-information',
      'no-information',
    ]);
    expect(reasons[0]).toHaveTextContent('No information: nobody knows whether there are any');
  });

  it('shows "No known" for a nilknown section, with a different text', () => {
    const nilknown = {
      emptyReason: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'nilknown' },
        ],
      },
    };
    const doc = parsed(
      documentBundle([
        { fullUrl: COMPOSITION_URL, resource: composition([section('48765-2', [], nilknown)]) },
        patientEntry(),
      ]),
    );
    renderWithProviders(<IpsViewer doc={doc} language="en" />);
    const reason = screen.getByTestId('empty-reason');
    expect(reason).toHaveAttribute('data-kind', 'none-known');
    expect(reason).toHaveTextContent('No known items: the author checked and recorded none');
    expect(reason).not.toHaveTextContent('No information');
  });
});

const SNOMED = 'http://snomed.info/sct';

function condition(n: number, coding: Record<string, unknown>): TestEntry {
  return {
    fullUrl: `urn:uuid:00000000-0000-4000-8000-90000000000${String(n)}`,
    resource: {
      resourceType: 'Condition',
      id: `t${String(n)}`,
      code: { coding: [coding] },
      subject: { reference: PATIENT_URL },
    },
  };
}

/** An English document with three problems: one translated by the sender, one only in the
 *  offline pack (SNOMED 44054006 → "Diabetes mellitus Typ 2"), one in neither. */
function translationDoc(): IpsDocument {
  const entries = [
    condition(1, {
      system: SNOMED,
      code: '38341003',
      display: 'Hypertensive disorder, systemic arterial',
      _display: {
        extension: [
          {
            url: TRANSLATION_EXTENSION_URL,
            extension: [
              { url: 'lang', valueCode: 'de-DE' },
              { url: 'content', valueString: 'Bluthochdruck (laut Dokument)' },
            ],
          },
        ],
      },
    }),
    condition(2, { system: SNOMED, code: '44054006', display: 'Type 2 diabetes' }),
    condition(3, {
      system: 'http://example.org/local-codes',
      code: 'L-1',
      display: 'Local finding',
    }),
  ];
  const sections = [
    section(
      '11450-4',
      entries.map((e) => e.fullUrl ?? ''),
    ),
  ];
  return parsed(
    documentBundle(
      [{ fullUrl: COMPOSITION_URL, resource: composition(sections) }, patientEntry(), ...entries],
      { language: 'en' },
    ),
  );
}

describe('IpsViewer translations', () => {
  it('shows the source of each German designation beside the original', () => {
    renderWithProviders(<IpsViewer doc={translationDoc()} language="de" />, 'de');
    const entries = screen.getAllByTestId('ips-entry');
    const at = (i: number) => {
      const e = entries[i];
      if (!e) throw new Error(`no entry ${String(i)}`);
      return within(e);
    };
    expect(entries).toHaveLength(3);
    expect(at(0).getByTestId('concept-original')).toHaveTextContent(
      'Hypertensive disorder, systemic arterial',
    );
    expect(at(0).getByTestId('concept-translated')).toHaveTextContent(
      'Bluthochdruck (laut Dokument)',
    );
    expect(at(0).getByTestId('translation-badge')).toHaveAttribute('data-source', 'document');
    expect(at(0).getByTestId('translation-badge')).toHaveTextContent('Aus dem Dokument');

    expect(at(1).getByTestId('concept-original')).toHaveTextContent('Type 2 diabetes');
    expect(at(1).getByTestId('concept-translated')).toHaveTextContent('Diabetes mellitus Typ 2');
    expect(at(1).getByTestId('translation-badge')).toHaveAttribute('data-source', 'pack');

    expect(at(2).getByTestId('concept-original')).toHaveTextContent('Local finding');
    expect(at(2).queryByTestId('concept-translated')).toBeNull();
    expect(at(2).getByTestId('translation-badge')).toHaveAttribute('data-source', 'untranslated');
    expect(at(2).getByTestId('translation-badge')).toHaveTextContent(
      'Nicht übersetzt: Original angezeigt',
    );
  });

  it('says "same language" when the clinician reads the document language', () => {
    renderWithProviders(<IpsViewer doc={translationDoc()} language="en" />);
    const sources = screen
      .getAllByTestId('translation-badge')
      .map((b) => b.getAttribute('data-source'));
    expect(sources).toEqual(['same-language', 'same-language', 'same-language']);
  });
});

describe('IpsViewer narrative', () => {
  it('opens the original narrative of a section in the sandboxed frame, sanitised', async () => {
    const hostile = {
      text: {
        status: 'generated',
        div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Essentielle Hypertonie</p><script>top.__ips=1</script></div>',
      },
    };
    const entries = [condition(1, { system: SNOMED, code: '38341003', display: 'Hypertonie' })];
    const doc = parsed(
      documentBundle([
        {
          fullUrl: COMPOSITION_URL,
          resource: composition([section('11450-4', [entries[0]?.fullUrl ?? ''], hostile)]),
        },
        patientEntry(),
        ...entries,
      ]),
    );
    renderWithProviders(<IpsViewer doc={doc} language="en" />);
    expect(screen.queryByTestId('narrative-frame')).toBeNull();
    await userEvent.click(screen.getByTestId('show-narrative'));
    const frame = screen.getByTestId('narrative-frame');
    expect(frame).toHaveAttribute('sandbox', '');
    const srcdoc = frame.getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain('<p>Essentielle Hypertonie</p>');
    expect(srcdoc).not.toMatch(/<script/i);
    expect(screen.getByTestId('show-narrative')).toHaveTextContent('Hide original narrative');
  });

  it('keeps rendering a document the checks find problems in', () => {
    // No Patient entry: the subject does not resolve, an error check, yet sections still show.
    const doc = parsed(
      documentBundle([
        { fullUrl: COMPOSITION_URL, resource: composition([section('11450-4', [])]) },
      ]),
    );
    renderWithProviders(<IpsViewer doc={doc} language="en" />);
    const kinds = within(screen.getByTestId('ips-checks'))
      .getAllByTestId('ips-check')
      .map((c) => c.getAttribute('data-kind'));
    expect(kinds).toContain('subject-unresolved');
    expect(loincs()).toEqual(['11450-4']);
  });
});
