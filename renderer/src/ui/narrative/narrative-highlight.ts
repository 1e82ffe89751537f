/**
 * Highlighting one element of a narrative inside the jail. The jail frame runs no script and
 * the app cannot reach into it (sandbox without allow-same-origin), so the highlight is a CSS
 * rule added to the frame's own document: the element gets a marker colour and becomes sticky
 * at the top and bottom edges, so it stays in view however the frame is scrolled — a CSS-only
 * "scroll to" (fragment navigation and meta refresh are both unavailable in the sandbox).
 *
 * The id is written as a CSS string in which every character but [A-Za-z0-9_-] is a hex escape:
 * whatever the document's id holds, it cannot close the string, the rule or the style element.
 * @see https://www.w3.org/TR/css-syntax-3/#escaping
 */
import { buildNarrativeSrcdoc } from './narrative-srcdoc';

/** A CSS string literal (double-quoted) for any text, with everything unusual hex-escaped. */
export function cssString(text: string): string {
  let out = '"';
  for (const ch of text) {
    out += /[A-Za-z0-9_-]/.test(ch) ? ch : `\\${(ch.codePointAt(0) ?? 0).toString(16)} `;
  }
  return `${out}"`;
}

const HIGHLIGHT =
  'outline:3px solid #f08c00;outline-offset:-3px;background:#fff3bf;position:sticky;top:0;bottom:0;z-index:1';

/**
 * The jail's srcdoc for `div` (sanitised, CSP first — see narrative-srcdoc.ts) with the element
 * `highlightId` marked. Without an id it is exactly the jail's own srcdoc.
 */
export function highlightedSrcdoc(div: string, highlightId: string | undefined): string {
  const srcdoc = buildNarrativeSrcdoc(div);
  if (highlightId === undefined || highlightId === '') return srcdoc;
  const rule = `<style>[id=${cssString(highlightId)}]{${HIGHLIGHT}}</style>`;
  const at = srcdoc.indexOf('</head>');
  return at === -1 ? srcdoc : `${srcdoc.slice(0, at)}${rule}${srcdoc.slice(at)}`;
}
