/**
 * First wall of the narrative jail: DOMPurify with the FHIR narrative allowlist.
 *
 * FHIR narrative is "limited XHTML" (no scripts, forms, frames, event handlers; only
 * presentational elements and a few attributes) — but it comes from someone else's server, so
 * the client enforces that itself. Anything outside the list is dropped, URLs are checked after
 * the HTML parser has decoded entities and after stripping whitespace/control characters
 * (a leading-space `" javascript:"` bypassed a server-side sanitizer: microsoft/fhir-server#5699).
 * The second wall is the sandboxed iframe with a CSP (see narrative-srcdoc.ts).
 * @see https://hl7.org/fhir/R4/narrative.html#xhtml
 */
import DOMPurify from 'dompurify';
import type { DOMPurify as DOMPurifyInstance, UponSanitizeAttributeHookEvent } from 'dompurify';

/** XHTML elements FHIR narrative allows (R4 narrative rules, txt-1/txt-2). */
export const NARRATIVE_TAGS: readonly string[] = [
  'a',
  'abbr',
  'b',
  'big',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'kbd',
  'li',
  'ol',
  'p',
  'pre',
  'q',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'ul',
  'var',
];

/** Attributes kept; `style` is kept only after {@link sanitizeStyle}. */
export const NARRATIVE_ATTRIBUTES: readonly string[] = [
  'class',
  'style',
  'id',
  'href',
  'src',
  'alt',
  'title',
  'colspan',
  'rowspan',
  'lang',
  'dir',
];

// ASCII whitespace and C0 controls, which browsers ignore inside URL schemes.
// eslint-disable-next-line no-control-regex
const URL_IGNORED = /[\u0000-\u0020\u007f-\u009f]/g;
const SAFE_HREF = /^(?:https?:|#)/i;
const SAFE_IMG_SRC = /^data:image\/(?:png|jpe?g|gif|webp|bmp);base64,[a-z0-9+/=\s]*$/i;
/** CSS constructs that load resources or run code; any declaration containing one is dropped. */
const UNSAFE_CSS =
  /url\s*\(|image\s*\(|image-set|cross-fade|element\s*\(|expression|@import|binding|behavior|javascript:|src\s*\(/i;

/** Normalises a URL the way a browser would before reading its scheme. */
export function normaliseUrl(value: string): string {
  return value.replace(URL_IGNORED, '');
}

/** True when an `href` may stay: http(s) or a fragment, after normalising. */
export function isSafeHref(value: string): boolean {
  return SAFE_HREF.test(normaliseUrl(value));
}

/** True when an `img src` may stay: inline raster images only (no remote beacons, no SVG). */
export function isSafeImageSrc(value: string): boolean {
  return SAFE_IMG_SRC.test(value.trim());
}

/**
 * Keeps harmless declarations of a `style` attribute. CSS escapes and comments could hide
 * `url(`, so a style containing a backslash or comment is dropped whole. The iframe CSP blocks
 * remote loads as well; this is the first of the two walls.
 */
export function sanitizeStyle(style: string): string {
  if (/[\\]|\/\*/.test(style)) return '';
  return style
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d.length > 0 && d.includes(':') && !UNSAFE_CSS.test(d))
    .join('; ');
}

function onAttribute(node: Element, data: UponSanitizeAttributeHookEvent): void {
  const name = data.attrName.toLowerCase();
  if (name === 'href') {
    data.keepAttr = node.nodeName.toLowerCase() === 'a' && isSafeHref(data.attrValue);
    if (data.keepAttr) data.attrValue = normaliseUrl(data.attrValue);
  } else if (name === 'src') {
    data.keepAttr = node.nodeName.toLowerCase() === 'img' && isSafeImageSrc(data.attrValue);
  } else if (name === 'style') {
    const clean = sanitizeStyle(data.attrValue);
    data.keepAttr = clean.length > 0;
    data.attrValue = clean;
  }
}

function afterAttributes(node: Element): void {
  if (node.nodeName.toLowerCase() === 'a' && node.hasAttribute('href')) {
    const href = node.getAttribute('href') ?? '';
    if (!href.startsWith('#')) {
      // The iframe sandbox has no allow-popups, so a _blank link opens nothing; without a target,
      // a click would navigate the frame itself to the remote page. The URL stays readable.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
      if (!node.hasAttribute('title')) node.setAttribute('title', href);
    }
  }
}

let instance: DOMPurifyInstance | undefined;

function purifier(): DOMPurifyInstance {
  if (instance) return instance;
  // A private instance, so these hooks never affect other DOMPurify users in the app.
  const created = DOMPurify(window);
  created.addHook('uponSanitizeAttribute', onAttribute);
  created.addHook('afterSanitizeAttributes', afterAttributes);
  instance = created;
  return created;
}

/**
 * Sanitises `Narrative.div` to the FHIR narrative subset. Returns an HTML string safe to put in
 * the jail's srcdoc (not meant for the app's own DOM, though it would be inert there too).
 */
export function sanitizeNarrative(div: string): string {
  return purifier().sanitize(div, {
    ALLOWED_TAGS: [...NARRATIVE_TAGS],
    ALLOWED_ATTR: [...NARRATIVE_ATTRIBUTES, 'target', 'rel'],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    // href/src are decided by onAttribute (stricter than DOMPurify's URI rule); keeping the default
    // URI rule lets plain values such as colspan="2" through.
    KEEP_CONTENT: true,
    RETURN_TRUSTED_TYPE: false,
    FORBID_TAGS: ['style', 'script', 'template', 'noscript', 'svg', 'math', 'base', 'link', 'meta'],
  });
}
