import type { DesignationLookup, LookupRequest } from './lookup-server';
import type { TerminologyPack } from './pack';
import { resolveDisplay, resolveDisplayOffline } from './resolve';
import { TRANSLATION_EXTENSION_URL } from './translation-extension';

const SCT = 'http://snomed.info/sct';

const PACK: TerminologyPack = {
  format: 1,
  version: 'sha256-0123456789abcdef',
  sources: ['test.tsv'],
  languages: ['en', 'de', 'fr', 'it', 'es'],
  systems: {
    [SCT]: {
      '59621000': {
        en: 'Essential hypertension',
        de: 'Essentielle Hypertonie',
        fr: 'Hypertension essentielle',
      },
      // No German cell: the table left it empty rather than guess.
      '90560007': { en: 'Gout', fr: 'Goutte' },
    },
  },
};

/** A German document's coding, translated into English by the document itself. */
const germanCoding = {
  system: SCT,
  code: '59621000',
  display: 'Essentielle (primäre) Hypertonie',
  _display: {
    extension: [
      {
        url: TRANSLATION_EXTENSION_URL,
        extension: [
          { url: 'lang', valueCode: 'en' },
          { url: 'content', valueString: 'Essential (primary) hypertension' },
        ],
      },
    ],
  },
};

function fakeLookup(
  answer: Record<string, string>,
): DesignationLookup & { calls: LookupRequest[] } {
  const calls: LookupRequest[] = [];
  const fn = (req: LookupRequest) => {
    calls.push(req);
    return Promise.resolve({
      designations: Object.entries(answer).map(([language, value]) => ({ language, value })),
    });
  };
  return Object.assign(fn, { calls });
}

describe('resolution order: document → pack → server', () => {
  it("uses the document's own translation first, even when the pack has one", async () => {
    const lookup = fakeLookup({ en: 'from server' });
    const r = await resolveDisplay(germanCoding, 'en-GB', {
      pack: PACK,
      documentLang: 'de',
      lookup,
    });
    expect(r).toEqual({
      original: { display: 'Essentielle (primäre) Hypertonie', lang: 'de' },
      translated: { display: 'Essential (primary) hypertension', lang: 'en', source: 'document' },
      status: 'translated',
    });
    expect(lookup.calls).toEqual([]);
  });

  it('falls back to the pack when the document has no translation into that language', async () => {
    const lookup = fakeLookup({ fr: 'from server' });
    const r = await resolveDisplay(germanCoding, 'fr-CH', {
      pack: PACK,
      documentLang: 'de',
      lookup,
    });
    expect(r.translated).toEqual({
      display: 'Hypertension essentielle',
      lang: 'fr',
      source: 'pack',
    });
    expect(r.status).toBe('translated');
    expect(lookup.calls).toEqual([]);
  });

  it('asks the server only when neither the document nor the pack has the language', async () => {
    const lookup = fakeLookup({ 'it-IT': 'Ipertensione essenziale (server)' });
    const r = await resolveDisplay(germanCoding, 'it', { pack: PACK, documentLang: 'de', lookup });
    expect(r.translated).toEqual({
      display: 'Ipertensione essenziale (server)',
      lang: 'it-IT',
      source: 'server',
    });
    expect(lookup.calls).toEqual([{ system: SCT, code: '59621000', displayLanguage: 'it' }]);
  });

  it('sends the canonical system to the server when the document used an OID', async () => {
    const lookup = fakeLookup({});
    const coding = { system: 'urn:oid:2.16.840.1.113883.6.96', code: '73211009', display: 'DM' };
    await resolveDisplay(coding, 'de', { pack: PACK, lookup });
    expect(lookup.calls[0]?.system).toBe(SCT);
  });
});

describe('same language and untranslated', () => {
  it('shows no translation when the document is already in the clinician language', () => {
    const r = resolveDisplayOffline(germanCoding, 'de-AT', { pack: PACK, documentLang: 'de-DE' });
    expect(r).toEqual({
      original: { display: 'Essentielle (primäre) Hypertonie', lang: 'de-DE' },
      status: 'same-language',
    });
  });

  it('treats a designation identical to the original as the same language', () => {
    const coding = { system: SCT, code: '59621000', display: 'Essential hypertension' };
    expect(resolveDisplayOffline(coding, 'en', { pack: PACK }).status).toBe('same-language');
  });

  it('says untranslated for an empty table cell, an unknown code, or no pack', async () => {
    const gout = { system: SCT, code: '90560007', display: 'Gicht' };
    expect(resolveDisplayOffline(gout, 'de', { pack: PACK, documentLang: 'es' })).toEqual({
      original: { display: 'Gicht', lang: 'es' },
      status: 'untranslated',
    });
    const unknown = { system: SCT, code: '22298006', display: 'Herzinfarkt' };
    expect(resolveDisplayOffline(unknown, 'fr', { pack: PACK }).status).toBe('untranslated');
    expect(resolveDisplayOffline(germanCoding, 'fr', { pack: undefined }).status).toBe(
      'untranslated',
    );
    expect((await resolveDisplay(gout, 'de', { pack: PACK })).status).toBe('untranslated');
  });

  it('keeps a failing server from breaking the entry, and says why', async () => {
    const lookup: DesignationLookup = () => Promise.reject(new Error('server unreachable'));
    const gout = { system: SCT, code: '90560007', display: 'Gicht' };
    expect(await resolveDisplay(gout, 'it', { pack: PACK, lookup })).toEqual({
      original: { display: 'Gicht' },
      status: 'untranslated',
      serverError: 'server unreachable',
    });
  });

  it('shows the code as the original when the coding has no display, and flags it', () => {
    const r = resolveDisplayOffline({ system: SCT, code: '59621000' }, 'de', { pack: PACK });
    expect(r).toEqual({
      original: { display: '59621000', isCode: true },
      translated: { display: 'Essentielle Hypertonie', lang: 'de', source: 'pack' },
      status: 'translated',
    });
  });

  it('translates nothing for a clinician language that is not a language tag', () => {
    expect(resolveDisplayOffline(germanCoding, '??', { pack: PACK }).status).toBe('untranslated');
  });
});
