/**
 * The pseudo-locale `qps`: every English string wrapped in ⟦ ⟧ with accented vowels, so a
 * test (or a human) can spot text that bypassed i18n. Interpolations (`{{name}}`), nesting
 * (`$t(key)`) and tags (`<1>…</1>`) are kept intact so the strings still work.
 */

export const PSEUDO_LOCALE = 'qps';
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

const ACCENTS: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ó',
  u: 'ú',
  A: 'Á',
  E: 'É',
  I: 'Í',
  O: 'Ó',
  U: 'Ú',
};

/** Parts that must pass through untouched. */
const PROTECTED = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<\/?\d+>|<\/?[a-z]+\s*\/?>)/g;

export function pseudoLocalize(text: string): string {
  const body = text
    .split(PROTECTED)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[aeiouAEIOU]/g, (c) => ACCENTS[c] ?? c)))
    .join('');
  return `${PSEUDO_OPEN}${body}${PSEUDO_CLOSE}`;
}

export type ResourceTree = { [key: string]: string | ResourceTree };

/** Apply {@link pseudoLocalize} to every string in a namespace's resource tree. */
export function pseudoLocalizeTree(tree: ResourceTree): ResourceTree {
  const out: ResourceTree = {};
  for (const [key, value] of Object.entries(tree)) {
    out[key] = typeof value === 'string' ? pseudoLocalize(value) : pseudoLocalizeTree(value);
  }
  return out;
}
