// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { narrativeTexts, SafeNarrative } from './safe-narrative';

describe('SafeNarrative', () => {
  it('keeps tables, spans and text; links and images become text', () => {
    const { container } = render(
      <SafeNarrative
        div={
          '<div xmlns="http://www.w3.org/1999/xhtml"><h2>Probleme</h2><table><tr>' +
          '<th colspan="2" style="color:red" class="x">Name</th></tr><tr><td rowspan="0">A</td>' +
          '<td><a href="https://example.org/a">Info</a> <img src="data:image/png;base64,AA==" alt="Bild"/></td></tr>' +
          '</table><ul><li>eins</li></ul></div>'
        }
      />,
    );
    const root = container.querySelector('[data-testid="safe-narrative"]');
    expect(root?.querySelector('th')?.getAttribute('colspan')).toBe('2');
    expect(root?.querySelector('th')?.getAttributeNames()).toEqual(['colspan']);
    // rowspan="0" is not a span a printout can honour: dropped.
    expect(root?.querySelector('td')?.getAttributeNames()).toEqual([]);
    expect(root?.querySelector('a, img')).toBeNull();
    expect(root?.textContent).toContain('Info (https://example.org/a) [Bild]');
    expect(root?.querySelector('p > strong')?.textContent).toBe('Probleme');
    expect(root?.querySelector('li')?.textContent).toBe('eins');
  });

  it('flattens hostile nesting into text instead of recursing without end', () => {
    const deep = `${'<span>'.repeat(400)}tief${'</span>'.repeat(400)}`;
    const { container } = render(<SafeNarrative div={`<div>${deep}</div>`} />);
    expect(container.textContent).toBe('tief');
    expect(container.querySelectorAll('span').length).toBeLessThan(60);
  });
});

describe('narrativeTexts', () => {
  it('maps ids to their text, collapsed and cut', () => {
    const texts = narrativeTexts(
      `<div><table><tr id="a"><td>  Erstes\n Problem </td></tr></table><p id="b">${'x'.repeat(200)}</p><p ID="c">C</p></div>`,
      20,
    );
    expect(texts.get('a')).toBe('Erstes Problem');
    expect(texts.get('b')).toBe(`${'x'.repeat(19)}…`);
    expect(texts.get('c')).toBe('C');
  });
});
