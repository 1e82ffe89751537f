/**
 * The element ids of a FHIR narrative `div`, read without a DOM (shared/ runs where there is
 * none). This only *reads* ids to link narrative rows with entries; it is not a sanitizer and
 * its output is never inserted into a page.
 * @see https://hl7.org/fhir/R4/narrative.html#xhtml
 */

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** Decodes the XML entities an attribute value may carry (`&amp;`, `&#35;`, `&#x23;`). */
export function decodeXmlEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) {
      const cp = Number.parseInt(body.slice(2), 16);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    if (body.startsWith('#')) {
      const cp = Number.parseInt(body.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED[body] ?? whole;
  });
}

/** One linkable element of a narrative. */
export interface NarrativeElement {
  readonly id: string;
  /** Lower-case tag name (`tr`, `td`, `li`, `a`…). */
  readonly tag: string;
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number): boolean =>
  isLetter(c) || (c >= 48 && c <= 58) || c === 46 || c === 95 || c === 45; // 0-9 : . _ -
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
const LT = 60;
const GT = 62;
const SLASH = 47;
const EQUALS = 61;

/**
 * Elements that a fragment (`#x`) can point to: every `id` attribute (matched case-insensitively,
 * since CDA-derived narrative writes `ID`) and the `name` of `<a>` anchors. In document order;
 * duplicates are kept (a duplicate id is itself worth knowing). A single linear scan: hostile
 * markup cannot make it backtrack.
 */
export function narrativeElements(div: string): NarrativeElement[] {
  const out: NarrativeElement[] = [];
  const n = div.length;
  let i = 0;
  while (i < n) {
    const lt = div.indexOf('<', i);
    if (lt === -1) break;
    if (div.startsWith('<!--', lt)) {
      const close = div.indexOf('-->', lt + 4);
      i = close === -1 ? n : close + 3;
      continue;
    }
    i = lt + 1;
    if (!isLetter(div.charCodeAt(i))) continue;
    let nameEnd = i;
    while (nameEnd < n && isNameChar(div.charCodeAt(nameEnd))) nameEnd += 1;
    const tag = div.slice(i, nameEnd).toLowerCase();
    i = nameEnd;
    for (;;) {
      while (i < n && isSpace(div.charCodeAt(i))) i += 1;
      const c = div.charCodeAt(i);
      if (i >= n || c === GT || c === LT) break;
      if (c === SLASH) {
        i += 1;
        continue;
      }
      const attrStart = i;
      for (; i < n; i += 1) {
        const a = div.charCodeAt(i);
        if (isSpace(a) || a === EQUALS || a === GT || a === SLASH || a === LT) break;
      }
      const attr = div.slice(attrStart, i).toLowerCase();
      while (i < n && isSpace(div.charCodeAt(i))) i += 1;
      if (div.charCodeAt(i) !== EQUALS) continue;
      i += 1;
      while (i < n && isSpace(div.charCodeAt(i))) i += 1;
      let value: string;
      const quote = div.charAt(i);
      if (quote === '"' || quote === "'") {
        const close = div.indexOf(quote, i + 1);
        const stop = close === -1 ? n : close;
        value = div.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const valueStart = i;
        while (i < n && !isSpace(div.charCodeAt(i)) && div.charCodeAt(i) !== GT) i += 1;
        value = div.slice(valueStart, i);
      }
      if (attr === 'id' || (attr === 'name' && tag === 'a')) {
        const id = decodeXmlEntities(value);
        if (id !== '') out.push({ id, tag });
      }
    }
  }
  return out;
}
