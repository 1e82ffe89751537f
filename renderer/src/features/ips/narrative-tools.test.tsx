// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { buildNarrativeSrcdoc } from '../../ui/narrative/narrative-srcdoc';
import { countryLabel, printFileName } from './ips-labels';
import { cssString, highlightedSrcdoc } from './narrative-highlight';
import { narrativeTexts, SafeNarrative } from './safe-narrative';

describe('cssString', () => {
  it('keeps plain ids and hex-escapes everything else', () => {
    expect(cssString('row-1_a')).toBe('"row-1_a"');
    // " → \22, ] → \5d, < → \3c, space → \20, é → \e9, 😀 → \1f600
    expect(cssString('a"]< é😀')).toBe('"a\\22 \\5d \\3c \\20 \\e9 \\1f600 "');
  });
});

describe('highlightedSrcdoc', () => {
  const div = '<div><table><tr id="r1"><td>x</td></tr></table></div>';

  it('is the jail srcdoc itself without a highlight', () => {
    expect(highlightedSrcdoc(div, undefined)).toBe(buildNarrativeSrcdoc(div));
  });

  it('adds one rule in the head, after the CSP', () => {
    const srcdoc = highlightedSrcdoc(div, 'r1');
    const head = srcdoc.slice(0, srcdoc.indexOf('</head>'));
    expect(head.indexOf('Content-Security-Policy')).toBeLessThan(head.indexOf('[id="r1"]'));
    expect(head).toContain('position:sticky;top:0;bottom:0');
    expect(srcdoc.slice(srcdoc.indexOf('</head>'))).toBe(
      buildNarrativeSrcdoc(div).slice(buildNarrativeSrcdoc(div).indexOf('</head>')),
    );
  });
});

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

describe('labels', () => {
  it('names ISO country codes, keeps written-out countries, leaves unknown unknown', () => {
    expect(countryLabel('DE', 'en')).toBe('Germany (DE)');
    expect(countryLabel('DE', 'de')).toBe('Deutschland (DE)');
    expect(countryLabel('Deutschland', 'en')).toBe('Deutschland');
    expect(countryLabel(undefined, 'en')).toBeUndefined();
  });

  it('builds a safe print file name', () => {
    expect(printFileName('DE', '2024-05-01T10:00:00+02:00')).toBe(
      'patient-summary-DE-2024-05-01.pdf',
    );
    expect(printFileName('Côte d’Ivoire', undefined)).toBe('patient-summary-C-te-d-Ivoire.pdf');
    expect(printFileName(undefined, 'May 2024')).toBe('patient-summary.pdf');
  });
});
