// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { cssString, highlightedSrcdoc } from './narrative-highlight';
import { buildNarrativeSrcdoc } from './narrative-srcdoc';

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
    expect(highlightedSrcdoc(div, '')).toBe(buildNarrativeSrcdoc(div));
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

  it('cannot be used to close the style element', () => {
    const srcdoc = highlightedSrcdoc(div, '"]{}</style><script>x</script>');
    expect(srcdoc).not.toMatch(/<script/i);
    expect(srcdoc.match(/<\/style>/g)).toHaveLength(2);
  });
});
