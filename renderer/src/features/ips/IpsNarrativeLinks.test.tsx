// @vitest-environment jsdom
/**
 * Narrative ↔ entry links in the viewer: from an entry to its highlighted narrative row, from a
 * listed narrative row back to its (focused) entry, by mouse and by keyboard.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parseIpsDocument } from '../../../../shared/ips/parse';
import {
  composition,
  COMPOSITION_URL,
  documentBundle,
  loincConcept,
  PATIENT_URL,
  patientEntry,
  type TestEntry,
} from '../../../../shared/ips/test-bundle';
import { renderWithProviders } from '../records/test-utils';
import { IpsViewer } from './IpsViewer';

const url = (n: number): string => `urn:uuid:00000000-0000-4000-8000-0000000000b${String(n)}`;

function condition(n: number, link: string | undefined): TestEntry {
  return {
    fullUrl: url(n),
    resource: {
      resourceType: 'Condition',
      id: `c${String(n)}`,
      code: { text: `Problem ${String(n)}` },
      subject: { reference: PATIENT_URL },
      ...(link
        ? {
            extension: [
              {
                url: 'http://hl7.org/fhir/StructureDefinition/narrativeLink',
                valueUrl: `${COMPOSITION_URL}#${link}`,
              },
            ],
          }
        : {}),
    },
  };
}

/** Three problems: 1 → row "p-b", 2 → row "p-a" (narrative order differs), 3 unlinked. */
function linkedDocument() {
  const entries = [condition(1, 'p-b'), condition(2, 'p-a'), condition(3, undefined)];
  const div =
    '<div xmlns="http://www.w3.org/1999/xhtml"><table><tbody>' +
    '<tr id="p-a"><td>Zweites Problem</td></tr><tr id="p-b"><td>Erstes Problem</td></tr>' +
    '<tr><td>Drittes Problem</td></tr></tbody></table></div>';
  const section = {
    title: 'Probleme',
    code: loincConcept('11450-4'),
    text: { status: 'generated', div },
    entry: entries.map((e) => ({ reference: e.fullUrl })),
  };
  const parsed = parseIpsDocument(
    documentBundle([
      { fullUrl: COMPOSITION_URL, resource: composition([section]) },
      patientEntry(),
      ...entries,
    ]),
  );
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.doc;
}

const entryCard = (name: string): HTMLElement => {
  const card = screen.getAllByTestId('ips-entry').find((e) => within(e).queryByText(name) !== null);
  if (!card) throw new Error(`no entry ${name}`);
  return card;
};

describe('IpsViewer narrative links', () => {
  it('offers the link only on entries the document links', () => {
    renderWithProviders(<IpsViewer doc={linkedDocument()} language="en" />);
    expect(within(entryCard('Problem 1')).getByTestId('entry-narrative-link')).toBeInTheDocument();
    expect(within(entryCard('Problem 3')).queryByTestId('entry-narrative-link')).toBeNull();
    // The narrative is closed until asked for.
    expect(screen.queryByTestId('narrative-frame')).toBeNull();
  });

  it('from an entry: opens the narrative with the row highlighted', async () => {
    renderWithProviders(<IpsViewer doc={linkedDocument()} language="en" />);
    const button = within(entryCard('Problem 1')).getByTestId('entry-narrative-link');
    await userEvent.click(button);
    const frame = screen.getByTestId('narrative-frame');
    expect(frame).toHaveAttribute('data-highlight', 'p-b');
    expect(frame.getAttribute('srcdoc')).toContain('<style>[id="p-b"]{outline:3px solid');
    expect(frame).toHaveAttribute('sandbox', '');
    expect(button).toHaveAttribute('aria-pressed', 'true');
    expect(entryCard('Problem 1')).toHaveAttribute('data-highlighted', 'true');
    expect(entryCard('Problem 2')).not.toHaveAttribute('data-highlighted');
    expect(screen.getByTestId('show-narrative')).toHaveAttribute('aria-expanded', 'true');
  });

  it('from a narrative row: highlights and focuses the linked entry', async () => {
    renderWithProviders(<IpsViewer doc={linkedDocument()} language="en" />);
    await userEvent.click(screen.getByTestId('show-narrative'));
    const rows = screen.getAllByTestId('narrative-row-link');
    // In narrative order, labelled with the row's own text; the unlinked row is not listed.
    expect(rows.map((r) => r.textContent)).toEqual(['Zweites Problem', 'Erstes Problem']);
    await userEvent.click(rows[0] ?? document.body);
    const card = entryCard('Problem 2');
    expect(card).toHaveAttribute('data-highlighted', 'true');
    expect(document.activeElement).toBe(card);
    expect(screen.getByTestId('narrative-frame')).toHaveAttribute('data-highlight', 'p-a');
    expect(screen.getAllByTestId('narrative-row-link')[0]).toHaveAttribute('aria-pressed', 'true');
  });

  it('works from the keyboard', async () => {
    renderWithProviders(<IpsViewer doc={linkedDocument()} language="en" />);
    const button = within(entryCard('Problem 2')).getByTestId('entry-narrative-link');
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByTestId('narrative-frame')).toHaveAttribute('data-highlight', 'p-a');
    const row = screen
      .getAllByTestId('narrative-row-link')
      .find((r) => r.getAttribute('data-element-id') === 'p-b');
    row?.focus();
    await userEvent.keyboard(' ');
    expect(document.activeElement).toBe(entryCard('Problem 1'));
  });

  it('hiding the narrative ends the highlight', async () => {
    renderWithProviders(<IpsViewer doc={linkedDocument()} language="en" />);
    await userEvent.click(within(entryCard('Problem 1')).getByTestId('entry-narrative-link'));
    await userEvent.click(screen.getByTestId('show-narrative'));
    expect(screen.queryByTestId('narrative-frame')).toBeNull();
    expect(entryCard('Problem 1')).not.toHaveAttribute('data-highlighted');
  });
});
