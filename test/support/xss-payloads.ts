/**
 * Narrative XSS payloads for the narrative jail's tests (unit: sanitizer output; E2E: real
 * Chromium). Each payload, if any of its code ran, sets a global marker
 * (`window.__xss`, `parent.__xss` or `top.__xss` = the payload's name) or requests a URL under
 * {@link XSS_BEACON_ORIGIN}, so a test detects execution by reading the marker or watching
 * requests. Sources: OWASP XSS filter evasion cheat sheet, DOMPurify's mXSS test cases,
 * microsoft/fhir-server PR #5699 (leading-space `javascript:`).
 */

export interface XssPayload {
  /** Unique kebab-case name; also the marker value the payload would set. */
  name: string;
  /** Narrative XHTML (the content of `Narrative.div`). */
  html: string;
}

/** Requests to this origin mean a payload loaded something it must not. */
export const XSS_BEACON_ORIGIN = 'http://127.0.0.1:9';

/** JavaScript that sets the marker in every reachable window. */
export function xssMarkerJs(name: string): string {
  return `window.__xss='${name}';try{parent.__xss='${name}'}catch(e){};try{top.__xss='${name}'}catch(e){}`;
}

function beacon(name: string): string {
  return `${XSS_BEACON_ORIGIN}/xss/${name}`;
}

const list: [string, (n: string) => string][] = [
  ['script-tag', (n) => `<div><script>${xssMarkerJs(n)}</script>text</div>`],
  ['img-onerror', (n) => `<div><img src="x" onerror="${xssMarkerJs(n)}"/></div>`],
  ['svg-onload', (n) => `<div><svg onload="${xssMarkerJs(n)}"><circle r="1"/></svg></div>`],
  [
    'href-javascript-leading-space',
    (n) => `<div><a href=" javascript:${xssMarkerJs(n)}">x</a></div>`,
  ],
  ['href-javascript-tab', (n) => `<div><a href="java\tscript:${xssMarkerJs(n)}">x</a></div>`],
  [
    'href-javascript-newline',
    (n) => `<div><a href="\njava&#10;script:${xssMarkerJs(n)}">x</a></div>`,
  ],
  [
    'href-javascript-entities',
    (n) =>
      `<div><a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${xssMarkerJs(n)}">x</a></div>`,
  ],
  [
    'href-javascript-hex-entity-colon',
    (n) => `<div><a href="javascript&#x3A;${xssMarkerJs(n)}">x</a></div>`,
  ],
  ['href-javascript-uppercase', (n) => `<div><a href="JaVaScRiPt:${xssMarkerJs(n)}">x</a></div>`],
  [
    'href-data-text-html',
    (n) =>
      `<div><a href="data:text/html,&lt;script&gt;${xssMarkerJs(n)}&lt;/script&gt;">x</a></div>`,
  ],
  ['href-vbscript', (n) => `<div><a href="vbscript:msgbox('${n}')">x</a></div>`],
  [
    'iframe-srcdoc',
    (n) => `<div><iframe srcdoc="&lt;script&gt;${xssMarkerJs(n)}&lt;/script&gt;"></iframe></div>`,
  ],
  [
    'iframe-javascript-src',
    (n) => `<div><iframe src="javascript:${xssMarkerJs(n)}"></iframe></div>`,
  ],
  [
    'meta-refresh',
    (n) => `<div><meta http-equiv="refresh" content="0;url=javascript:${xssMarkerJs(n)}"/></div>`,
  ],
  [
    'meta-refresh-beacon',
    (n) => `<div><meta http-equiv="refresh" content="0;url=${beacon(n)}"/></div>`,
  ],
  [
    'object-data',
    (n) =>
      `<div><object data="data:text/html,&lt;script&gt;${xssMarkerJs(n)}&lt;/script&gt;"></object></div>`,
  ],
  ['embed-src', (n) => `<div><embed src="javascript:${xssMarkerJs(n)}"/></div>`],
  [
    'form-action-button',
    (n) =>
      `<div><form action="javascript:${xssMarkerJs(n)}"><button>Go</button></form><button form="f" formaction="javascript:${xssMarkerJs(n)}">x</button></div>`,
  ],
  ['style-attr-url', (n) => `<div><p style="background-image:url('${beacon(n)}')">x</p></div>`],
  ['style-attr-escaped-url', (n) => `<div><p style="background:u\\72l(${beacon(n)})">x</p></div>`],
  ['style-element-url', (n) => `<div><style>body{background:url('${beacon(n)}')}</style>x</div>`],
  ['style-import', (n) => `<div><style>@import '${beacon(n)}';</style>x</div>`],
  ['base-href', (n) => `<div><base href="javascript:${xssMarkerJs(n)}//"/><a href="x">x</a></div>`],
  [
    'mxss-math-style',
    (n) =>
      `<div><math><mtext><table><mglyph><style><img src=x onerror="${xssMarkerJs(n)}"></style></mglyph></table></mtext></math></div>`,
  ],
  [
    'mxss-svg-foreignobject',
    (n) =>
      `<div><svg><foreignObject><p><style><img src=x onerror="${xssMarkerJs(n)}"></style></p></foreignObject></svg></div>`,
  ],
  [
    'mxss-noscript-title',
    (n) =>
      `<div><noscript><p title="</noscript><img src=x onerror=${xssMarkerJs(n)}>"></p></noscript></div>`,
  ],
  [
    'details-ontoggle',
    (n) =>
      `<div><details open="" ontoggle="${xssMarkerJs(n)}"><summary>s</summary></details></div>`,
  ],
  [
    'video-source-onerror',
    (n) => `<div><video><source src="x" onerror="${xssMarkerJs(n)}"/></video></div>`,
  ],
  ['body-onload', (n) => `<div><body onload="${xssMarkerJs(n)}">x</body></div>`],
  [
    'input-autofocus-onfocus',
    (n) => `<div><input autofocus="" onfocus="${xssMarkerJs(n)}"/></div>`,
  ],
  [
    'link-rel-import',
    (n) =>
      `<div><link rel="import" href="${beacon(n)}"/><link rel="stylesheet" href="${beacon(n)}"/></div>`,
  ],
  [
    'template-script',
    (n) =>
      `<div><template><script>${xssMarkerJs(n)}</script></template><img src="x" onerror="${xssMarkerJs(n)}"/></div>`,
  ],
  [
    'xlink-href',
    (n) =>
      `<div><svg><a xlink:href="javascript:${xssMarkerJs(n)}"><text x="0" y="10">x</text></a></svg></div>`,
  ],
  ['img-srcset-beacon', (n) => `<div><img srcset="${beacon(n)} 1x" alt="a"/></div>`],
  ['img-remote-beacon', (n) => `<div><img src="${beacon(n)}" alt="tracking"/></div>`],
  [
    'img-svg-data-uri',
    (n) => `<div><img src="data:image/svg+xml,&lt;svg onload='${xssMarkerJs(n)}'/&gt;"/></div>`,
  ],
  [
    'span-onmouseover',
    (n) =>
      `<div><span onmouseover="${xssMarkerJs(n)}" onclick="${xssMarkerJs(n)}">hover</span></div>`,
  ],
  [
    'table-background',
    (n) =>
      `<div><table background="${beacon(n)}"><tr><td background="${beacon(n)}">x</td></tr></table></div>`,
  ],
  [
    'a-target-top-javascript',
    (n) => `<div><a target="_top" href="  &#x09;javascript:${xssMarkerJs(n)}">x</a></div>`,
  ],
  [
    'script-in-attribute-breakout',
    (n) => `<div><p title="&quot;&gt;&lt;script&gt;${xssMarkerJs(n)}&lt;/script&gt;">x</p></div>`,
  ],
];

/** At least 25 named payloads; names are unique. */
export const XSS_PAYLOADS: readonly XssPayload[] = list.map(([name, make]) => ({
  name,
  html: make(name),
}));
