import { describe, expect, it } from 'vitest';
import {
  displayLocale,
  languageWasChosen,
  recordUiLanguage,
  uiLanguageFor,
} from './companion-language';

const store = (items: Record<string, string>) => ({ getItem: (k: string) => items[k] ?? null });

describe('companion language', () => {
  it('maps a recorded BCP 47 tag to a UI language, or to none', () => {
    expect(uiLanguageFor('de-CH')).toBe('de');
    expect(uiLanguageFor('EN')).toBe('en');
    expect(uiLanguageFor('it-CH')).toBe('it');
    expect(uiLanguageFor('fr')).toBe('fr');
    expect(uiLanguageFor('es-419')).toBe('es');
    expect(uiLanguageFor('pl-PL')).toBeUndefined();
    expect(uiLanguageFor('deu')).toBeUndefined();
    expect(uiLanguageFor(null)).toBeUndefined();
  });

  it('knows when the patient chose a language themselves', () => {
    expect(languageWasChosen({ search: '' })).toBe(false);
    expect(languageWasChosen({ search: '?lng=de' })).toBe(true);
    expect(languageWasChosen({ search: '?lng=xx' })).toBe(false);
    expect(languageWasChosen({ search: '', storage: store({ 'cw.lng': 'en' }) })).toBe(true);
    expect(languageWasChosen({ search: '', session: store({ 'cw.lng.tab': 'de' }) })).toBe(true);
    expect(languageWasChosen({ search: '', storage: store({ 'cw.lng': 'klingon' }) })).toBe(false);
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(languageWasChosen({ search: '', storage: blocked, session: blocked })).toBe(false);
  });

  it('formats in the recorded regional locale only when it is the UI language', () => {
    expect(displayLocale('de', 'de-ch')).toBe('de-CH');
    expect(displayLocale('en', 'de-CH')).toBe('en');
    expect(displayLocale('de', 'de_CH')).toBe('de');
    expect(displayLocale('en', null)).toBe('en');
    expect(displayLocale('fr', 'fr-ch')).toBe('fr-CH');
  });

  it('takes the first recorded language the UI speaks, preferred first', () => {
    expect(recordUiLanguage(['pl', 'it-CH', 'de'])).toBe('it');
    expect(recordUiLanguage([null, 'es'])).toBe('es');
    expect(recordUiLanguage(['pl', 'tr'])).toBeUndefined();
    expect(recordUiLanguage([])).toBeUndefined();
  });

  it('formats in the recorded variant of the UI language among several recorded tags', () => {
    expect(displayLocale('it', ['pl', 'it-CH', 'it'])).toBe('it-CH');
    expect(displayLocale('de', ['fr-CH', 'en'])).toBe('de');
    expect(displayLocale('es', [null, 'es-MX'])).toBe('es-MX');
  });
});
