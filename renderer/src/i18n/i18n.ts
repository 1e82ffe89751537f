/**
 * i18next setup: one namespace per feature (`common`, `auth`, `search`, `records`, …),
 * in English, German, French, Italian and Spanish, plus the `qps` pseudo-locale for the
 * bypass test. Language order: `?lng=` in the URL, then the saved choice, then the browser's
 * languages. Plural forms follow CLDR through `Intl.PluralRules` (French, Italian and Spanish
 * need `_one`, `_many` and `_other`); i18n.test.ts checks every locale file against that.
 * @see https://www.i18next.com/translation-function/plurals
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../../../shared/config/app-config';
import { PSEUDO_LOCALE } from './pseudo';
import { namespaces, resources } from './resources';

/**
 * The UI languages, in the order the pickers list them; each has `locales/<lng>/` (i18n.test.ts
 * fails otherwise). Defined once in shared/config, because the clinic config (`languages`) is
 * validated against the same list; re-exported here for the renderer's pickers.
 */
export { SUPPORTED_LANGUAGES, type SupportedLanguage };

/**
 * Each language named in itself, whatever the UI language: someone who cannot read the current
 * language must still find their own in the picker. These are names, not UI text, so they are
 * not in the locale files (pickers mark them `data-i18n-ignore` and `lang`).
 */
export const LANGUAGE_NAMES: Readonly<Record<SupportedLanguage, string>> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  it: 'Italiano',
  es: 'Español',
};
/** localStorage key of the language the user picked. */
export const LANGUAGE_STORAGE_KEY = 'cw.lng';

function isKnown(lng: string | null | undefined): lng is string {
  return (
    !!lng && (lng === PSEUDO_LOCALE || (SUPPORTED_LANGUAGES as readonly string[]).includes(lng))
  );
}

/** Where a `?lng=` choice is kept for the tab, so it survives the SMART sign-in redirect. */
export const SESSION_LANGUAGE_KEY = 'cw.lng.tab';

export function detectLanguage(env: {
  search: string;
  storage?: Pick<Storage, 'getItem'> | undefined;
  /** This tab's storage: remembers a `?lng=` choice across redirects. */
  session?: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  languages?: readonly string[] | undefined;
}): string {
  const fromQuery = new URLSearchParams(env.search).get('lng');
  if (isKnown(fromQuery)) {
    try {
      env.session?.setItem(SESSION_LANGUAGE_KEY, fromQuery);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
    return fromQuery;
  }
  try {
    const forTab = env.session?.getItem(SESSION_LANGUAGE_KEY);
    if (isKnown(forTab)) return forTab;
  } catch {
    // storage disabled
  }
  let saved: string | null = null;
  try {
    saved = env.storage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    // storage disabled: fall through to the browser's languages
  }
  if (isKnown(saved)) return saved;
  for (const tag of env.languages ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    if (isKnown(base)) return base;
  }
  return 'en';
}

/** A fresh, synchronously initialised i18next instance (tests create one each). */
export function createI18n(lng: string): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    ns: namespaces,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  syncHtmlLang(instance.language);
  instance.on('languageChanged', syncHtmlLang);
  return instance;
}

function syncHtmlLang(lng: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

/** Switch language and remember the choice. */
export async function changeLanguage(instance: I18n, lng: string): Promise<void> {
  await instance.changeLanguage(lng);
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
    sessionStorage.setItem(SESSION_LANGUAGE_KEY, lng);
  } catch {
    // private mode: the choice lasts for this page only
  }
}
