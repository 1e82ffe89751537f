/**
 * A narrative as structured text, for where a jail frame cannot go: the printed appendix (a
 * frame prints only its visible box) and the labels of narrative rows beside the frame.
 *
 * No markup from the document reaches the app's DOM. The narrative is first sanitised (the
 * jail's own first wall), then parsed with DOMParser — an inert document: nothing runs, nothing
 * loads — and rebuilt as React elements from a fixed list of structural tags whose only
 * attributes are validated `colSpan`/`rowSpan`. Text stays text (React escapes it); links and
 * images become text; anything else keeps only its text. Depth is capped so hostile nesting
 * cannot exhaust the stack.
 * @see ./sanitize-narrative.ts
 */
import { createElement, type ReactNode } from 'react';
import { sanitizeNarrative } from './sanitize-narrative';

/** Tags rebuilt as themselves. Headings are demoted (the appendix has its own outline). */
const STRUCTURE: Readonly<Record<string, string>> = {
  table: 'table',
  caption: 'caption',
  thead: 'thead',
  tbody: 'tbody',
  tfoot: 'tfoot',
  tr: 'tr',
  td: 'td',
  th: 'th',
  p: 'p',
  div: 'div',
  span: 'span',
  br: 'br',
  hr: 'hr',
  ul: 'ul',
  ol: 'ol',
  li: 'li',
  dl: 'dl',
  dt: 'dt',
  dd: 'dd',
  b: 'b',
  strong: 'strong',
  i: 'i',
  em: 'em',
  sub: 'sub',
  sup: 'sup',
  small: 'small',
  big: 'span',
  pre: 'pre',
  code: 'code',
  tt: 'code',
  kbd: 'kbd',
  samp: 'samp',
  var: 'var',
  blockquote: 'blockquote',
  q: 'q',
  cite: 'cite',
  abbr: 'abbr',
  dfn: 'dfn',
  h1: 'strong',
  h2: 'strong',
  h3: 'strong',
  h4: 'strong',
  h5: 'strong',
  h6: 'strong',
};
const VOID = new Set(['br', 'hr']);
const MAX_DEPTH = 48;

/** Parses sanitised narrative into an inert document body. */
function inertBody(div: string): HTMLElement {
  return new DOMParser().parseFromString(sanitizeNarrative(div), 'text/html').body;
}

function span(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 1 && n <= 1000 ? n : undefined;
}

function rebuild(node: Node, depth: number, key: string): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const el = node as Element;
  if (depth >= MAX_DEPTH) return el.textContent;
  const tag = el.tagName.toLowerCase();
  const children = Array.from(el.childNodes).map((c, i) =>
    rebuild(c, depth + 1, `${key}.${String(i)}`),
  );
  if (tag === 'img') {
    const alt = el.getAttribute('alt')?.trim();
    return `[${alt || 'image'}]`;
  }
  if (tag === 'a') {
    const href = el.getAttribute('href') ?? '';
    const shown = /^https?:/i.test(href) ? ` (${href})` : '';
    return createElement('span', { key }, ...children, shown);
  }
  const mapped = STRUCTURE[tag];
  if (!mapped) return createElement('span', { key }, ...children);
  if (VOID.has(mapped)) return createElement(mapped, { key });
  const props: Record<string, unknown> = { key };
  if (mapped === 'td' || mapped === 'th') {
    const colSpan = span(el.getAttribute('colspan'));
    const rowSpan = span(el.getAttribute('rowspan'));
    if (colSpan) props.colSpan = colSpan;
    if (rowSpan) props.rowSpan = rowSpan;
  }
  if (tag.startsWith('h') && tag.length === 2) {
    return createElement('p', { key }, createElement('strong', null, ...children));
  }
  return createElement(mapped, props, ...children);
}

export interface SafeNarrativeProps {
  /** `Narrative.div` as sent. */
  readonly div: string;
}

/** The narrative rebuilt as plain structure and text (see the module comment). */
export function SafeNarrative({ div }: SafeNarrativeProps): React.JSX.Element {
  const body = inertBody(div);
  return (
    <div className="safe-narrative" data-testid="safe-narrative">
      {Array.from(body.childNodes).map((c, i) => rebuild(c, 0, String(i)))}
    </div>
  );
}

/**
 * The text of every element with an id in the narrative, whitespace collapsed and cut at
 * `max` characters: labels for the rows that entries link to. Ids the sanitiser removed
 * (DOM-clobbering names) are absent.
 */
export function narrativeTexts(div: string, max = 160): Map<string, string> {
  const out = new Map<string, string>();
  for (const el of Array.from(inertBody(div).querySelectorAll('[id]'))) {
    const id = el.getAttribute('id');
    if (id === null || out.has(id)) continue;
    const text = el.textContent.replace(/\s+/g, ' ').trim();
    out.set(id, text.length > max ? `${text.slice(0, max - 1)}…` : text);
  }
  return out;
}
