import type { Bundle, Condition } from 'fhir/r4';
import minimal from '../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import {
  findDisplayTranslation,
  readDisplayTranslations,
  TRANSLATION_EXTENSION_URL,
} from './translation-extension';

const translation = (lang: string | undefined, content: string | undefined) => ({
  url: TRANSLATION_EXTENSION_URL,
  extension: [
    ...(lang === undefined ? [] : [{ url: 'lang', valueCode: lang }]),
    ...(content === undefined ? [] : [{ url: 'content', valueString: content }]),
  ],
});

describe('readDisplayTranslations', () => {
  it('reads the translation on _display in the HL7 IPS minimal example', () => {
    const condition = (minimal as unknown as Bundle).entry
      ?.map((e) => e.resource)
      .find((r): r is Condition => r?.resourceType === 'Condition');
    const coding = condition?.code?.coding?.[0];
    expect(coding?.code).toBe('198436008');
    expect(readDisplayTranslations(coding ?? {})).toEqual([
      { lang: 'nl-NL', content: 'opvliegers' },
    ]);
  });

  it('keeps every well-formed translation in order and skips unattributable ones', () => {
    const coding = {
      _display: {
        extension: [
          translation('de', 'Essentielle Hypertonie'),
          translation(undefined, 'ohne Sprache'),
          translation('fr', undefined),
          translation('not a tag!', 'x'),
          { url: 'http://example.org/other', valueString: 'unrelated' },
          translation('fr-CH', 'Hypertension essentielle'),
        ],
      },
    };
    expect(readDisplayTranslations(coding)).toEqual([
      { lang: 'de', content: 'Essentielle Hypertonie' },
      { lang: 'fr-CH', content: 'Hypertension essentielle' },
    ]);
  });

  it('accepts R5 markdown content and ignores junk in _display', () => {
    const markdown = {
      _display: {
        extension: [
          {
            url: TRANSLATION_EXTENSION_URL,
            extension: [
              { url: 'lang', valueCode: 'it' },
              { url: 'content', valueMarkdown: 'Emicrania' },
            ],
          },
        ],
      },
    };
    expect(readDisplayTranslations(markdown)).toEqual([{ lang: 'it', content: 'Emicrania' }]);
    expect(readDisplayTranslations({})).toEqual([]);
    expect(readDisplayTranslations({ _display: 'oops' as never })).toEqual([]);
    expect(readDisplayTranslations({ _display: { extension: [42, null] as never } })).toEqual([]);
  });
});

describe('findDisplayTranslation', () => {
  const coding = {
    _display: {
      extension: [translation('de-DE', 'Migräne (DE)'), translation('de-CH', 'Migräne (CH)')],
    },
  };

  it('prefers the exact regional tag, then any tag with the same primary language', () => {
    expect(findDisplayTranslation(coding, 'de-CH')?.content).toBe('Migräne (CH)');
    expect(findDisplayTranslation(coding, 'de-AT')?.content).toBe('Migräne (DE)');
    expect(findDisplayTranslation(coding, 'de')?.content).toBe('Migräne (DE)');
  });

  it('finds nothing for another language or a bad tag', () => {
    expect(findDisplayTranslation(coding, 'fr')).toBeUndefined();
    expect(findDisplayTranslation(coding, '')).toBeUndefined();
  });
});
