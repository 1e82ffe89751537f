/**
 * Data-check messages in the clinician's language: every kind has an English and a German
 * message; the English one says exactly what shared/ips says (so nothing is lost in
 * translation); values that are words (the reason a reference fails, a missing section's name)
 * are translated too.
 */
import { describe, expect, it } from 'vitest';
import { IPS_CHECK_KINDS, makeCheck } from '../../../../shared/ips/check-messages';
import { createI18n } from '../../i18n/i18n';
import { checkMessage } from './check-message';

const VALUES = {
  position: 3,
  fullUrl: 'urn:uuid:1',
  element: 'identifier',
  reference: 'Patient/1',
  reason: 'not-found',
  resourceType: 'Condition',
  section: 'Problem List',
  code: '48765-2',
  expected: 'AllergyIntolerance',
  elementId: 'row-1',
};

const t = (lng: string) => createI18n(lng).getFixedT(lng, 'ips');

describe('checkMessage', () => {
  it.each(IPS_CHECK_KINDS.flatMap((kind) => [1, 2].map((count) => [kind, count] as const)))(
    'English %s (count %d) reads exactly as the shared text',
    (kind, count) => {
      const check = makeCheck(kind, { ...VALUES, count }, []);
      // The shared text names the section by the title given; the translated one, for a missing
      // required section, by its catalogue name — here the same words in English.
      const expected =
        kind === 'required-section-missing'
          ? check.text.replace('Problem List', 'Allergies and intolerances')
          : check.text;
      expect(checkMessage(t('en'), check)).toBe(expected);
    },
  );

  it.each(IPS_CHECK_KINDS)('German %s is translated and fully interpolated', (kind) => {
    const check = makeCheck(kind, { ...VALUES, count: 2 }, []);
    const german = checkMessage(t('de'), check);
    expect(german).not.toBe(check.text);
    expect(german).not.toMatch(/\{\{|\}\}/);
  });

  it('translates the reason and the missing section’s name', () => {
    const unresolved = makeCheck('subject-unresolved', VALUES, []);
    expect(checkMessage(t('de'), unresolved)).toBe(
      'Der Patient dieser Kurzakte (Patient/1) ist nicht im Dokument: kein Eintrag passt.',
    );
    const missing = makeCheck(
      'required-section-missing',
      { section: 'Allergies', code: '48765-2' },
      [],
    );
    expect(checkMessage(t('de'), missing)).toBe(
      'Der Pflichtabschnitt „Allergien und Unverträglichkeiten“ (LOINC 48765-2) fehlt.',
    );
  });

  it('uses the plural the count asks for', () => {
    const one = makeCheck('reference-lenient', { count: 1 }, []);
    const many = makeCheck('reference-lenient', { count: 4 }, []);
    expect(checkMessage(t('de'), one)).toMatch(/^1 Verweis wurde/);
    expect(checkMessage(t('de'), many)).toMatch(/^4 Verweise wurden/);
  });
});
