// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createI18n, detectLanguage, LANGUAGE_STORAGE_KEY } from './i18n';
import { pseudoLocalize } from './pseudo';
import { resources } from './resources';

/** Every leaf key path of a resource tree, with plural suffixes folded together. */
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales', () => {
  it('has English and German namespaces', () => {
    expect(Object.keys(resources.en ?? {})).toEqual(
      expect.arrayContaining(['common', 'auth', 'search']),
    );
    expect(Object.keys(resources.de ?? {}).sort()).toEqual(Object.keys(resources.en ?? {}).sort());
  });

  for (const ns of Object.keys(resources.en ?? {})) {
    it(`en and de have exactly the same keys in "${ns}"`, () => {
      const en = keys(resources.en?.[ns]).sort();
      const de = keys(resources.de?.[ns]).sort();
      expect(de.filter((k) => !en.includes(k))).toEqual([]);
      expect(en.filter((k) => !de.includes(k))).toEqual([]);
    });

    it(`"${ns}" has no empty strings`, () => {
      for (const lng of ['en', 'de']) {
        const walk = (tree: unknown, path: string): void => {
          if (typeof tree === 'string') expect(tree.trim(), `${lng}:${path}`).not.toBe('');
          else if (tree && typeof tree === 'object')
            for (const [k, v] of Object.entries(tree)) walk(v, `${path}.${k}`);
        };
        walk(resources[lng]?.[ns], ns);
      }
    });
  }
});

describe('pseudo-locale', () => {
  it('wraps and accents but keeps interpolations and tags', () => {
    expect(pseudoLocalize('Remove server {{name}}')).toBe('⟦Rémóvé sérvér {{name}}⟧');
    expect(pseudoLocalize('<1>Open</1> $t(common:x)')).toBe('⟦<1>Ópén</1> $t(common:x)⟧');
  });

  it('interpolates values inside the markers', () => {
    const i18n = createI18n('qps');
    expect(i18n.t('auth:picker.remove-named', { name: 'Clinic' })).toBe('⟦Rémóvé sérvér Clinic⟧');
    expect(i18n.t('search:results.caption', { count: 2 })).toBe('⟦2 pátíénts fóúnd⟧');
  });
});

describe('language detection', () => {
  const storage = (value: string | null) => ({
    getItem: (k: string) => (k === LANGUAGE_STORAGE_KEY ? value : null),
  });
  it('keeps a ?lng= choice for the tab, across the sign-in redirect', () => {
    const tab = new Map<string, string>();
    const session = {
      getItem: (k: string) => tab.get(k) ?? null,
      setItem: (k: string, v: string) => void tab.set(k, v),
    };
    expect(detectLanguage({ search: '?lng=qps', session, languages: ['en'] })).toBe('qps');
    expect(detectLanguage({ search: '?code=x&state=y', session, languages: ['en'] })).toBe('qps');
    expect(detectLanguage({ search: '', languages: ['en'] })).toBe('en');
  });

  it('prefers ?lng=, then the saved choice, then the browser', () => {
    expect(detectLanguage({ search: '?lng=de', storage: storage('en'), languages: ['en'] })).toBe(
      'de',
    );
    expect(detectLanguage({ search: '?lng=xx', storage: storage('de'), languages: ['en'] })).toBe(
      'de',
    );
    expect(detectLanguage({ search: '', storage: storage(null), languages: ['de-AT', 'en'] })).toBe(
      'de',
    );
    expect(detectLanguage({ search: '', storage: storage(null), languages: ['fr'] })).toBe('en');
    expect(detectLanguage({ search: '?lng=qps', languages: [] })).toBe('qps');
  });

  it('sets <html lang> and follows language changes', async () => {
    const i18n = createI18n('de');
    expect(document.documentElement.lang).toBe('de');
    await i18n.changeLanguage('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
