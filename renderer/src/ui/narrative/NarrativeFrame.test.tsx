// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { renderWithProviders } from '../../features/records/test-utils';
import { buildNarrativeSrcdoc, NARRATIVE_CSP } from './narrative-srcdoc';
import { NarrativeFrame, type NarrativeRowLink } from './NarrativeFrame';

describe('NarrativeFrame', () => {
  it('renders a sandboxed iframe without scripts or same-origin, with the CSP meta', () => {
    renderWithProviders(
      <NarrativeFrame
        div={
          '<div><p>Safe</p><img src="x" onerror="top.__xss=1"/><script>top.__xss=2</script></div>'
        }
        title="Narrative of test"
      />,
    );
    const frame = screen.getByTitle('Narrative of test');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe('');
    const srcdoc = frame.getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${NARRATIVE_CSP}">`,
    );
    expect(srcdoc).toContain('<p>Safe</p>');
    expect(srcdoc).not.toMatch(/onerror|<script/i);
    expect((window as unknown as { __xss?: unknown }).__xss).toBeUndefined();
  });

  it('can be expanded and collapsed', async () => {
    renderWithProviders(<NarrativeFrame div="<div>x</div>" title="t" />);
    const button = screen.getByRole('button', { name: 'Expand' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(button);
    expect(screen.getByRole('button', { name: 'Collapse' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it('without a highlight it is exactly the jail document', () => {
    const div = '<div><p id="r1">x</p></div>';
    renderWithProviders(<NarrativeFrame div={div} title="t" />);
    const frame = screen.getByTestId('narrative-frame');
    expect(frame).toHaveAttribute('srcdoc', buildNarrativeSrcdoc(div));
    expect(frame).toHaveAttribute('data-highlight', '');
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('highlights one element inside the same jail', () => {
    renderWithProviders(
      <NarrativeFrame
        div={'<div><p id="r1">x</p><p id="r2">y</p></div>'}
        title="t"
        highlightId="r2"
      />,
    );
    const frame = screen.getByTestId('narrative-frame');
    expect(frame).toHaveAttribute('data-highlight', 'r2');
    expect(frame).toHaveAttribute('sandbox', '');
    expect(frame).toHaveAttribute('referrerpolicy', 'no-referrer');
    const srcdoc = frame.getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain('<style>[id="r2"]{outline:3px solid');
    expect(srcdoc.indexOf(NARRATIVE_CSP)).toBeLessThan(srcdoc.indexOf('[id="r2"]'));
  });
});

describe('NarrativeFrame row links', () => {
  interface Link extends NarrativeRowLink {
    readonly entry: string;
  }
  // Narrative order: b, a, then a row without text; "cookie" is a DOM-clobbering id the
  // sanitiser removes, "gone" is not in the narrative at all.
  const div =
    '<div><table><tr id="b"><td>Row  B</td></tr><tr id="a"><td>Row A</td></tr>' +
    '<tr id="empty"><td></td></tr><tr id="cookie"><td>Clobber</td></tr></table></div>';
  const links: Link[] = [
    { elementId: 'gone', entry: 'e5' },
    { elementId: 'a', entry: 'e1' },
    { elementId: 'b', entry: 'e2' },
    { elementId: 'empty', entry: 'e3' },
    { elementId: 'a', entry: 'e4' },
    { elementId: 'cookie', entry: 'e6' },
  ];

  function renderLinked(highlightId?: string) {
    const onFollow = vi.fn<(link: Link) => void>();
    renderWithProviders(
      <NarrativeFrame
        div={div}
        title="t"
        highlightId={highlightId}
        rowLinks={{ links, onFollow, heading: 'Linked rows', buttonTitle: 'Show entry' }}
      />,
    );
    return onFollow;
  }

  it('lists linked rows in narrative order, labelled with their own text', () => {
    renderLinked();
    const list = screen.getByRole('list', { name: 'Linked rows' });
    const rows = within(list).getAllByTestId('narrative-row-link');
    // Both links to "a" (e1, then e4, as given) sit at its row; a row without text and rows the
    // narrative lacks (or whose id the sanitiser removed) are labelled with their id, the
    // missing ones last.
    expect(rows.map((r) => [r.getAttribute('data-element-id'), r.textContent])).toEqual([
      ['b', 'Row B'],
      ['a', 'Row A'],
      ['a', 'Row A'],
      ['empty', 'empty'],
      ['gone', 'gone'],
      ['cookie', 'cookie'],
    ]);
    expect(rows[0]).toHaveAttribute('title', 'Show entry');
    expect(rows.every((r) => r.getAttribute('aria-pressed') === 'false')).toBe(true);
  });

  it('marks the highlighted row pressed', () => {
    renderLinked('a');
    const pressed = screen
      .getAllByTestId('narrative-row-link')
      .filter((r) => r.getAttribute('aria-pressed') === 'true');
    expect(pressed.map((r) => r.getAttribute('data-element-id'))).toEqual(['a', 'a']);
  });

  it('follows a row by click, Enter and Space with the link it was given', async () => {
    const onFollow = renderLinked();
    const rows = screen.getAllByTestId('narrative-row-link');
    await userEvent.click(rows[0] ?? document.body);
    rows[2]?.focus();
    await userEvent.keyboard('{Enter}');
    rows[1]?.focus();
    await userEvent.keyboard(' ');
    expect(onFollow.mock.calls.map(([l]) => l.entry)).toEqual(['e2', 'e4', 'e1']);
  });

  it('marks its controls so print styles can leave them out, and never the frame', () => {
    renderLinked();
    const controls = document.querySelectorAll('[data-narrative-controls]');
    expect(controls).toHaveLength(2);
    expect(controls[0]?.querySelector('[aria-expanded]')).not.toBeNull();
    expect(controls[1]?.querySelector('[role="list"]')).not.toBeNull();
    expect(screen.getByTestId('narrative-frame').closest('[data-narrative-controls]')).toBeNull();
  });

  it('shows no list when nothing links into the narrative', () => {
    renderWithProviders(
      <NarrativeFrame
        div={div}
        title="t"
        rowLinks={{
          links: [],
          onFollow: () => undefined,
          heading: 'Linked rows',
          buttonTitle: 'x',
        }}
      />,
    );
    expect(screen.queryByRole('list')).toBeNull();
    expect(screen.queryByText('Linked rows')).toBeNull();
  });
});
