// @vitest-environment jsdom
import { XSS_PAYLOADS } from '../../../../test/support/xss-payloads';
import { buildNarrativeSrcdoc, NARRATIVE_CSP } from './narrative-srcdoc';
import { isSafeHref, sanitizeNarrative, sanitizeStyle } from './sanitize-narrative';

const FORBIDDEN_TAGS = [
  'script',
  'iframe',
  'object',
  'embed',
  'form',
  'button',
  'input',
  'meta',
  'base',
  'link',
  'style',
  'svg',
  'math',
  'template',
  'noscript',
  'video',
  'source',
  'details',
  'body',
  'frame',
  'applet',
];

function parse(html: string): HTMLElement {
  const host = document.createElement('div');
  // Parsing the sanitised output again is how a browser would see it (also catches mXSS).
  host.innerHTML = html;
  return host;
}

/** Every executable or loading construct that must not survive sanitising. */
function violations(html: string): string[] {
  const found: string[] = [];
  const root = parse(html);
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (FORBIDDEN_TAGS.includes(tag)) found.push(`<${tag}>`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      // eslint-disable-next-line no-control-regex -- browsers ignore C0 controls inside URL schemes
      const compact = value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(`${tag}[${name}]`);
      if (
        [
          'srcdoc',
          'srcset',
          'action',
          'formaction',
          'background',
          'xlink:href',
          'data',
          'http-equiv',
        ].includes(name)
      ) {
        found.push(`${tag}[${name}]`);
      }
      if (name === 'href' && !/^(https?:|#)/.test(compact)) found.push(`${tag}[href=${value}]`);
      if (name === 'src' && !/^data:image\/(png|jpe?g|gif|webp|bmp);base64,/.test(compact))
        found.push(`${tag}[src=${value}]`);
      if (name === 'style' && /url\(|@import|expression|\\/.test(compact))
        found.push(`${tag}[style=${value}]`);
      if (compact.includes('javascript:') && name !== 'title' && name !== 'alt')
        found.push(`${tag}[${name}] javascript:`);
    }
  }
  return found;
}

describe('XSS payload list', () => {
  it('has at least 25 uniquely named payloads, each carrying a marker or a beacon', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(XSS_PAYLOADS.map((p) => p.name)).size).toBe(XSS_PAYLOADS.length);
    for (const p of XSS_PAYLOADS)
      expect(p.html).toMatch(new RegExp(`__xss='${p.name}'|/xss/${p.name}|msgbox\\('${p.name}'`));
  });

  it('would be caught by the checker without the sanitizer (the test can fail)', () => {
    const unsafe = XSS_PAYLOADS.filter((p) => violations(p.html).length > 0);
    expect(unsafe.length).toBeGreaterThanOrEqual(XSS_PAYLOADS.length - 2);
  });
});

describe.each(XSS_PAYLOADS.map((p) => [p.name, p.html]))('sanitizeNarrative: %s', (_name, html) => {
  it('leaves no executable or loading construct', () => {
    const out = sanitizeNarrative(html);
    expect(violations(out)).toEqual([]);
    expect(
      violations(buildNarrativeSrcdoc(html).replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '')),
    ).toEqual([]);
  });
});

describe('sanitizeNarrative keeps legitimate narrative', () => {
  it('keeps tables, lists, emphasis and safe links', () => {
    const div =
      '<div xmlns="http://www.w3.org/1999/xhtml"><h3 id="h">Title</h3><table><thead><tr><th colspan="2">A</th></tr></thead>' +
      '<tbody><tr><td rowspan="1" class="x">1</td><td><b>bold</b> <i>it</i></td></tr></tbody></table>' +
      '<ul><li>one</li></ul><a href="https://example.org/x">ext</a> <a href="#h">jump</a>' +
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"/><span style="color: red; font-weight: bold">red</span></div>';
    const root = parse(sanitizeNarrative(div));
    expect(root.querySelector('table th')?.getAttribute('colspan')).toBe('2');
    expect(root.querySelector('td.x')?.textContent).toBe('1');
    expect(root.querySelector('li')?.textContent).toBe('one');
    const ext = root.querySelector('a[href="https://example.org/x"]');
    expect(ext?.getAttribute('target')).toBe('_blank');
    expect(ext?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(root.querySelector('a[href="#h"]')?.hasAttribute('target')).toBe(false);
    expect(root.querySelector('img')?.getAttribute('src')).toBe(
      'data:image/png;base64,iVBORw0KGgo=',
    );
    expect(root.querySelector('span')?.getAttribute('style')).toBe('color: red; font-weight: bold');
  });

  it('drops remote images but keeps their alt text element', () => {
    const root = parse(
      sanitizeNarrative('<div><img src="https://tracker.example/p.gif" alt="t"/></div>'),
    );
    expect(root.querySelector('img')?.hasAttribute('src')).toBe(false);
  });
});

describe('URL and style rules', () => {
  it('accepts only http(s) and fragments after removing whitespace and controls', () => {
    expect(isSafeHref('https://x.org')).toBe(true);
    expect(isSafeHref('#a')).toBe(true);
    expect(isSafeHref(' javascript:alert(1)')).toBe(false);
    expect(isSafeHref('\tjava\nscript:alert(1)')).toBe(false);
    expect(isSafeHref('\u0000javascript:alert(1)')).toBe(false);
    expect(isSafeHref('data:text/html,x')).toBe(false);
    expect(isSafeHref('Patient/1')).toBe(false);
  });

  it('removes CSS that can load resources', () => {
    expect(sanitizeStyle('color: red; background: url(http://x)')).toBe('color: red');
    expect(sanitizeStyle('background: u\\72l(http://x)')).toBe('');
    expect(sanitizeStyle('background-image: image-set("x.png" 1x)')).toBe('');
    expect(sanitizeStyle('color:/**/red')).toBe('');
  });
});

describe('buildNarrativeSrcdoc', () => {
  it('puts the CSP meta before any content', () => {
    const doc = buildNarrativeSrcdoc('<div><p>Hello</p></div>');
    expect(NARRATIVE_CSP).toContain("default-src 'none'");
    expect(NARRATIVE_CSP).toContain('img-src data:');
    const cspAt = doc.indexOf('Content-Security-Policy');
    expect(cspAt).toBeGreaterThan(0);
    expect(cspAt).toBeLessThan(doc.indexOf('<body>'));
    const parsed = new DOMParser().parseFromString(doc, 'text/html');
    expect(parsed.head.firstElementChild?.getAttribute('http-equiv')).toBe(
      'Content-Security-Policy',
    );
    expect(parsed.head.firstElementChild?.getAttribute('content')).toBe(NARRATIVE_CSP);
    expect(parsed.body.innerHTML).toBe('<div><p>Hello</p></div>');
  });
});
