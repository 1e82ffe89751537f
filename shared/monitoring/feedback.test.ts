import nlPatient from '../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import angela from '../../../shared/fixtures/synthea/Angela_Guzman_cffd2b80-3ae5-44b4-b4cf-b2e396c9615d.json';
import liz from '../../../shared/fixtures/synthea/Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json';
import {
  FEEDBACK_LANGUAGES,
  buildFeedbackCommunication,
  draftFeedback,
  formatAmount,
  patientLanguage,
  suggestFeedback,
  type FeedbackValues,
} from './feedback';
import { parseMonitoringPlan } from './plan';
import { readObservation } from './readings';
import { evaluatePatient } from './rules';
import { heartFailurePlan, observation } from './test-data';

function patientOf(bundle: { entry?: { resource?: { resourceType?: string } }[] }): unknown {
  return bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource;
}

describe('patientLanguage', () => {
  it('reads Patient.communication from the fixtures', () => {
    expect(patientLanguage(patientOf(angela))).toEqual({
      language: 'es',
      requested: 'es',
      fallback: false,
    });
    expect(patientLanguage(patientOf(liz))).toEqual({
      language: 'en',
      requested: 'en-US',
      fallback: false,
    });
    // Dutch (ISO 639-1 system) has no templates: English, and the UI can say so.
    expect(patientLanguage(patientOf(nlPatient))).toEqual({
      language: 'en',
      requested: 'nl',
      fallback: true,
    });
  });

  it('takes preferred languages first and region subtags off', () => {
    const patient = {
      resourceType: 'Patient',
      communication: [
        { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'fr' }] } },
        { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'de-CH' }] }, preferred: true },
      ],
    };
    expect(patientLanguage(patient)).toEqual({
      language: 'de',
      requested: 'de-CH',
      fallback: false,
    });
    expect(patientLanguage({ resourceType: 'Patient' })).toEqual({
      language: 'en',
      fallback: false,
    });
    expect(
      patientLanguage({
        resourceType: 'Patient',
        communication: [{ language: { text: 'Italian' } }],
      }),
    ).toEqual({
      language: 'en',
      fallback: false,
    });
  });
});

describe('draftFeedback', () => {
  it('weight rising, in German and pounds (2.4 kg = 5.29 lb)', () => {
    const d = draftFeedback(
      { template: 'weight-rising', gain: { value: 2.4, unit: 'kg' }, days: 3 },
      { language: 'de', units: { weight: '[lb_av]' } },
    );
    expect(d.text).toBe(
      'Ihr Gewicht ist in 3 Tagen um 5,3 lb gestiegen. Bitte nehmen Sie die zusätzliche Dosis des Entwässerungsmittels wie in Ihrem Plan vereinbart, und rufen Sie uns an, wenn Sie kurzatmig sind oder Ihre Knöchel anschwellen.',
    );
    expect(
      draftFeedback(
        { template: 'weight-rising', gain: { value: 2.4, unit: 'kg' }, days: 3 },
        { language: 'en' },
      ).text,
    ).toMatch(/^Your weight has gone up by 2.4 kg in 3 days\. /);
  });

  it('low glucose, in French and mmol/L (52 mg/dL = 2.9 mmol/L)', () => {
    const d = draftFeedback(
      { template: 'glucose-low', count: 3, days: 7, lowest: { value: 52, unit: 'mg/dL' } },
      { language: 'fr', units: { glucose: 'mmol/L' } },
    );
    expect(d.text).toBe(
      'Votre glycémie a été basse 3 fois au cours des 7 derniers jours (valeur la plus basse 2,9 mmol/L). Veuillez nous contacter afin d’adapter votre traitement, et ayez toujours du sucre rapide sur vous.',
    );
  });

  it('high blood pressure in Italian, missed readings in Spanish, good readings in German', () => {
    expect(
      draftFeedback({ template: 'bp-high', systolic: 172, diastolic: 96 }, { language: 'it' }).text,
    ).toMatch(/^La sua pressione arteriosa era alta \(172\/96 mmHg\)\. /);
    expect(
      draftFeedback({ template: 'missed-readings', metric: 'weight', days: 3 }, { language: 'es' })
        .text,
    ).toBe(
      'No hemos recibido sus mediciones (peso) desde hace 3 días. Por favor, mida hoy o avísenos si hay algún problema con el aparato.',
    );
    expect(draftFeedback({ template: 'readings-good', days: 7 }, { language: 'de' }).text).toBe(
      'Ihre Messwerte in den letzten 7 Tagen sehen gut aus. Bitte messen Sie weiter wie besprochen.',
    );
    expect(draftFeedback({ template: 'readings-good', days: 1 }, { language: 'en' }).text).toBe(
      'Your readings over the last day look good. Please keep measuring as planned.',
    );
  });

  it('fills every template in every language with the numbers', () => {
    const all: FeedbackValues[] = [
      { template: 'readings-good', days: 14 },
      { template: 'bp-high', systolic: 181 },
      { template: 'weight-rising', gain: { value: 4.5, unit: '[lb_av]' }, days: 2 },
      { template: 'missed-readings', metric: 'blood-pressure', days: 4 },
      { template: 'glucose-low', count: 2, days: 14, lowest: { value: 3.1, unit: 'mmol/L' } },
    ];
    const numbers = ['14', '181', '4,5', '4', '3,1'];
    for (const language of FEEDBACK_LANGUAGES) {
      all.forEach((values, i) => {
        const { text } = draftFeedback(values, { language });
        const expected =
          language === 'en' ? (numbers[i] ?? '').replace(',', '.') : (numbers[i] ?? '');
        expect(text).toContain(expected);
        expect(text).not.toMatch(/undefined|NaN|\{|\}/);
      });
    }
  });

  it('formats amounts: given values as given, converted values rounded for the unit', () => {
    expect(formatAmount({ value: 185, unit: '[lb_av]' }, 'en', 'kg')).toBe('83.9 kg');
    expect(formatAmount({ value: 5.55, unit: 'mmol/L' }, 'de')).toBe('5,55 mmol/L');
    expect(formatAmount({ value: 5.55, unit: 'mmol/L' }, 'en', 'mg/dL')).toBe('100 mg/dL');
    expect(formatAmount({ value: 80, unit: 'kg' }, 'en', 'mg/dL')).toBe('80 kg'); // not convertible: kept
  });
});

describe('suggestFeedback', () => {
  it('turns a patient’s alerts into template values with their numbers', () => {
    const now = Date.UTC(2026, 7, 24, 12);
    const read = (o: Record<string, unknown>) => readObservation(o, { now });
    const plan = parseMonitoringPlan(heartFailurePlan('p1'));
    if (!plan.ok) throw new Error(plan.error);
    const { alerts } = evaluatePatient(
      plan.plan,
      [
        read(
          observation('w1', 'p1', '29463-7', '2026-08-20T08:00:00Z', {
            value: 185,
            unit: '[lb_av]',
          }),
        ),
        read(
          observation('w2', 'p1', '29463-7', '2026-08-23T08:00:00Z', {
            value: 190.5,
            unit: '[lb_av]',
          }),
        ),
        read(observation('b1', 'p1', '85354-9', '2026-08-24T07:00:00Z', { sys: 172, dia: 96 })),
        read(
          observation('g1', 'p1', '2339-0', '2026-08-23T07:00:00Z', { value: 3.2, unit: 'mmol/L' }),
        ),
        read(
          observation('g2', 'p1', '2339-0', '2026-08-24T07:00:00Z', { value: 62, unit: 'mg/dL' }),
        ),
      ],
      { now },
    );
    expect(suggestFeedback(alerts)).toEqual([
      { template: 'bp-high', systolic: 172, diastolic: 96 },
      { template: 'weight-rising', gain: { value: 5.5, unit: '[lb_av]' }, days: 3 },
      { template: 'glucose-low', count: 2, days: 7, lowest: { value: 3.2, unit: 'mmol/L' } },
    ]);
    expect(suggestFeedback([], { days: 14 })).toEqual([{ template: 'readings-good', days: 14 }]);
  });
});

describe('buildFeedbackCommunication', () => {
  it('builds the contract Communication with the edited text', () => {
    expect(
      buildFeedbackCommunication({
        id: 'c1',
        patientId: 'p1',
        practitioner: { reference: 'Practitioner/p1', display: 'Dr Anna Weber' },
        text: '  Ihre Messwerte sehen gut aus.  ',
        language: 'de',
        sent: '2026-08-24T10:30:00Z',
        about: ['Observation/w2'],
      }),
    ).toEqual({
      resourceType: 'Communication',
      id: 'c1',
      language: 'de',
      status: 'completed',
      category: [
        {
          coding: [
            {
              system: 'http://clinician-workstation.example/fhir/CodeSystem/communication-category',
              code: 'monitoring-feedback',
              display: 'Monitoring feedback',
            },
          ],
        },
      ],
      subject: { reference: 'Patient/p1' },
      recipient: [{ reference: 'Patient/p1' }],
      sender: { reference: 'Practitioner/p1', display: 'Dr Anna Weber' },
      sent: '2026-08-24T10:30:00Z',
      about: [{ reference: 'Observation/w2' }],
      payload: [{ contentString: 'Ihre Messwerte sehen gut aus.' }],
    });
    expect(() =>
      buildFeedbackCommunication({
        id: 'c',
        patientId: 'p',
        practitioner: {},
        text: ' ',
        language: 'en',
        sent: '2026-08-24T10:30:00Z',
      }),
    ).toThrow(/needs text/);
  });
});
