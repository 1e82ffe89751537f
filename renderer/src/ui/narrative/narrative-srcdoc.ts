/**
 * Second wall of the narrative jail: the document put into `<iframe sandbox="" srcdoc>`.
 * The sandbox has no `allow-scripts` and no `allow-same-origin`, so nothing in it runs or
 * reaches the app; its CSP forbids every load except inline `data:` images and inline styles.
 */
import { sanitizeNarrative } from './sanitize-narrative';

/** CSP of the narrative document: nothing remote, no scripts, no frames, no forms. */
export const NARRATIVE_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'";

const FRAME_STYLE = [
  'body{margin:8px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1b1e;overflow-wrap:anywhere}',
  'table{border-collapse:collapse;margin:4px 0}',
  'td,th{border:1px solid #ced4da;padding:2px 6px;vertical-align:top;text-align:left}',
  'img{max-width:100%}',
  'pre{white-space:pre-wrap}',
].join('');

/**
 * The full srcdoc for a narrative `div`: sanitised, under a CSP meta that comes before any
 * content. Exported for the E2E harness, which renders payloads in real Chromium.
 */
export function buildNarrativeSrcdoc(div: string): string {
  const body = sanitizeNarrative(div);
  return (
    '<!DOCTYPE html><html><head>' +
    `<meta http-equiv="Content-Security-Policy" content="${NARRATIVE_CSP}">` +
    '<meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
    `<style>${FRAME_STYLE}</style>` +
    `</head><body>${body}</body></html>`
  );
}
