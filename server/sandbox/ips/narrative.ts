/**
 * Section narratives: well-formed XHTML inside one `<div xmlns="http://www.w3.org/1999/xhtml">`
 * tagged with the document's language (`lang` and `xml:lang`), built only from the elements
 * FHIR narrative allows (https://hl7.org/fhir/R4/narrative.html#xhtml). Every row carries an
 * `id` so an entry can point at its row with the narrativeLink extension.
 */

/** Escapes text for XHTML element content and double-quoted attributes. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface NarrativeRow {
  /** Unique within the Composition (section key + index), e.g. `problem-1`. */
  id: string;
  cells: string[];
}

/** `Narrative` with status `generated` around already-escaped inner XHTML. */
export function narrative(lang: string, inner: string): { status: 'generated'; div: string } {
  const tag = escapeXml(lang);
  return {
    status: 'generated',
    div: `<div xmlns="http://www.w3.org/1999/xhtml" lang="${tag}" xml:lang="${tag}">${inner}</div>`,
  };
}

/** A table with a header row; every cell is plain text, escaped here. */
export function table(headers: readonly string[], rows: readonly NarrativeRow[]): string {
  const head = headers.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr id="${escapeXml(r.id)}">${r.cells.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A paragraph of plain text, with an `id` when an entry links to it. */
export function paragraph(text: string, id?: string): string {
  const attr = id === undefined ? '' : ` id="${escapeXml(id)}"`;
  return `<p${attr}>${escapeXml(text)}</p>`;
}
