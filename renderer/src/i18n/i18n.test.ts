// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES as CONFIG_LANGUAGES } from '../../../shared/config/app-config';
import {
  createI18n,
  detectLanguage,
  LANGUAGE_NAMES,
  LANGUAGE_STORAGE_KEY,
  SUPPORTED_LANGUAGES,
} from './i18n';
import { PSEUDO_LOCALE, pseudoLocalize } from './pseudo';
import { resources, type Resources } from './resources';

/** Every leaf of a resource tree as `path → value` (non-string leaves kept, to be caught). */
function leaves(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof tree !== 'object' || tree === null) return out.set(prefix, tree);
  for (const [k, v] of Object.entries(tree)) {
    for (const [path, value] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(path, value);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** `path → { category → text }`: plural forms folded under their base key (`other` if none). */
function folded(tree: unknown): Map<string, Map<string, unknown>> {
  const out = new Map<string, Map<string, unknown>>();
  for (const [path, value] of leaves(tree)) {
    const category = PLURAL.exec(path)?.[1];
    const base = category ? path.slice(0, -category.length - 1) : path;
    const forms = out.get(base) ?? new Map<string, unknown>();
    forms.set(category ?? '', value);
    out.set(base, forms);
  }
  return out;
}

/** Interpolations, nestings and tags of a string, sorted: they must survive translation. */
function placeholders(text: string): string[] {
  return (text.match(/\{\{[^}]*\}\}|\$t\([^)]*\)|<\/?[\w-]+\s*\/?>/g) ?? []).sort();
}

const TRANSLATIONS = SUPPORTED_LANGUAGES.filter((lng) => lng !== 'en');
const namespacesOf = (lng: string) => Object.keys(resources[lng] ?? {}).sort();

/**
 * Where `lng` differs from English: keys missing or extra, empty or non-string values, plural
 * categories not exactly what `Intl.PluralRules` needs, and placeholders that differ from the
 * English form (`_many` is compared with English `_other`, which covers the same numbers).
 */
function parityProblems(all: Resources, lng: string, ns: string): string[] {
  const problems: string[] = [];
  const needed = new Intl.PluralRules(lng).resolvedOptions().pluralCategories.slice().sort();
  const en = folded(all.en?.[ns]);
  const other = folded(all[lng]?.[ns]);
  for (const base of other.keys()) if (!en.has(base)) problems.push(`extra key ${base}`);
  for (const [base, enForms] of en) {
    const forms = other.get(base);
    if (!forms) {
      problems.push(`missing key ${base}`);
      continue;
    }
    const plural = !enForms.has('');
    const expected = plural
      ? [...new Set([...needed, ...(enForms.has('zero') ? ['zero'] : [])])].sort()
      : [''];
    const got = [...forms.keys()].sort();
    if (got.join() !== expected.join()) {
      problems.push(`${base}: plural forms [${got.join()}], expected [${expected.join()}]`);
    }
    for (const [category, text] of forms) {
      const key = category ? `${base}_${category}` : base;
      if (typeof text !== 'string' || text.trim() === '') {
        problems.push(`${key}: empty or not a string`);
        continue;
      }
      const source = enForms.get(category) ?? enForms.get('other');
      if (typeof source === 'string' && placeholders(text).join() !== placeholders(source).join()) {
        problems.push(
          `${key}: placeholders ${placeholders(text).join()} ≠ ${placeholders(source).join()}`,
        );
      }
    }
  }
  return problems;
}

/**
 * Where the shipped languages and the locale folders disagree: a supported language without
 * locale files (its UI would silently be English), or a folder no picker or config can reach.
 */
function coverageProblems(supported: readonly string[], all: Resources): string[] {
  const folders = Object.keys(all).filter((lng) => lng !== PSEUDO_LOCALE);
  return [
    ...supported
      .filter((lng) => Object.keys(all[lng] ?? {}).length === 0)
      .map((lng) => `${lng}: supported, but no locale files`),
    ...folders
      .filter((lng) => !supported.includes(lng))
      .map((lng) => `${lng}: locale files, but not a supported language`),
  ];
}

describe('supported languages', () => {
  it('are the one list from shared/config (the config schema checks `languages` against it)', () => {
    expect(SUPPORTED_LANGUAGES).toBe(CONFIG_LANGUAGES);
  });

  it('each ship locale files, and every locale folder is a supported language', () => {
    expect(coverageProblems(SUPPORTED_LANGUAGES, resources)).toEqual([]);
  });

  it('the coverage check itself finds a language without files and files without a language', () => {
    const all: Resources = { en: { common: {} }, pt: { common: {} }, [PSEUDO_LOCALE]: {} };
    expect(coverageProblems(['en', 'nl'], all)).toEqual([
      'nl: supported, but no locale files',
      'pt: locale files, but not a supported language',
    ]);
  });
});

describe('locales', () => {
  it('has a folder for every supported language, with the same namespaces as English', () => {
    expect(namespacesOf('en')).toEqual(expect.arrayContaining(['common', 'auth', 'search']));
    for (const lng of TRANSLATIONS) expect(namespacesOf(lng), lng).toEqual(namespacesOf('en'));
  });

  for (const ns of namespacesOf('en')) {
    it(`English "${ns}" has the plural forms English needs and no empty strings`, () => {
      expect(parityProblems(resources, 'en', ns)).toEqual([]);
    });
    for (const lng of TRANSLATIONS) {
      it(`${lng} "${ns}": same keys, plural forms, placeholders as English; nothing empty`, () => {
        expect(parityProblems(resources, lng, ns)).toEqual([]);
      });
    }
  }

  it('the parity check itself finds each kind of problem', () => {
    const all: Resources = {
      en: {
        t: {
          gone_one: 'one',
          gone_other: '{{count}} more',
          blank: 'b',
          renamed: 'Hi {{name}}',
          tagged: '<1>x</1>',
          lost: 'y',
        },
      },
      fr: {
        t: {
          extra: 'x',
          gone_one: 'un',
          gone_other: '{{count}} de plus',
          blank: ' ',
          renamed: 'Salut {{nom}}',
          tagged: '<1>x',
        },
      },
    };
    expect(parityProblems(all, 'fr', 't').sort()).toEqual([
      'blank: empty or not a string',
      'extra key extra',
      'gone: plural forms [one,other], expected [many,one,other]',
      'missing key lost',
      'renamed: placeholders {{nom}} ≠ {{name}}',
      'tagged: placeholders <1> ≠ </1>,<1>',
    ]);
    expect(parityProblems(all, 'en', 't')).toEqual([]);
  });

  it('French, Italian and Spanish get the CLDR plural forms they need', () => {
    const fr = createI18n('fr');
    expect(fr.t('search:results.caption', { count: 0 })).toBe('0 patient trouvé');
    expect(fr.t('search:results.caption', { count: 2 })).toBe('2 patients trouvés');
    expect(fr.t('search:results.caption', { count: 1_000_000 })).toBe(
      '1000000 de patients trouvés',
    );
    const it_ = createI18n('it');
    expect(it_.t('search:results.caption', { count: 0 })).toBe('0 pazienti trovati');
    expect(it_.t('search:results.caption', { count: 1 })).toBe('1 paziente trovato');
    const es = createI18n('es');
    expect(es.t('search:results.caption', { count: 1 })).toBe('1 paciente encontrado');
    expect(es.t('search:results.caption', { count: 1_000_000 })).toBe(
      '1000000 de pacientes encontrados',
    );
  });
});

describe('language names', () => {
  it('names each supported language in itself', () => {
    expect(SUPPORTED_LANGUAGES.map((lng) => LANGUAGE_NAMES[lng])).toEqual([
      'English',
      'Deutsch',
      'Français',
      'Italiano',
      'Español',
    ]);
  });
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
    expect(detectLanguage({ search: '', storage: storage(null), languages: ['pl', 'nl'] })).toBe(
      'en',
    );
    expect(detectLanguage({ search: '?lng=qps', languages: [] })).toBe('qps');
  });

  it('finds French, Italian and Spanish among the browser languages', () => {
    const detect = (languages: string[]) => detectLanguage({ search: '', languages });
    expect(detect(['fr-CA', 'en'])).toBe('fr');
    expect(detect(['pl', 'it-CH'])).toBe('it');
    expect(detect(['es-419'])).toBe('es');
    expect(detectLanguage({ search: '?lng=es', languages: ['de'] })).toBe('es');
  });

  it('sets <html lang> and follows language changes', async () => {
    const i18n = createI18n('de');
    expect(document.documentElement.lang).toBe('de');
    await i18n.changeLanguage('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
