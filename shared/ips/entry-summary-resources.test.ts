import type { FhirResource } from 'fhir/r4';
import { absenceOf, IPS_ABSENT_UNKNOWN } from './absence';
import { summarizeResource } from './entry-summary';

describe('summarizeResource on hand-built resources', () => {
  const resource = (r: object): FhirResource => r as FhirResource;

  it('flags elements of the wrong shape instead of dropping them silently', () => {
    const s = summarizeResource(
      resource({
        resourceType: 'Condition',
        code: 'asthma',
        onsetDateTime: 2015,
        category: [{ text: 'ok' }, 7],
        note: [{ text: 'fine' }, { text: 3 }],
      }),
    );
    expect(s.main).toBeUndefined();
    expect(s.unreadable).toEqual(['code', 'category[1]', 'onsetDateTime', 'note[1].text']);
    expect(s.notes).toEqual(['fine']);
  });

  it('keeps an Age onset and a string onset as sent', () => {
    const age = summarizeResource(
      resource({ resourceType: 'Condition', onsetAge: { value: 4, unit: 'a' } }),
    );
    expect(age.dates).toEqual([
      { label: 'onset', time: { type: 'age', quantity: { value: 4, unit: 'a' } } },
    ]);
    const text = summarizeResource(
      resource({ resourceType: 'Condition', onsetString: 'childhood' }),
    );
    expect(text.dates).toEqual([{ label: 'onset', time: { type: 'string', value: 'childhood' } }]);
  });

  it('marks values it does not display as unsupported', () => {
    const s = summarizeResource(
      resource({ resourceType: 'Observation', status: 'final', valueSampledData: { data: '1 2' } }),
    );
    expect(s.values).toEqual([
      {
        label: 'value',
        value: { type: 'unsupported', element: 'valueSampledData' },
        code: undefined,
      },
    ]);
  });

  it('reads contained Medication ingredients and strengths as sent, via the resolver', () => {
    const medication = {
      resourceType: 'Medication',
      id: 'med',
      code: { text: 'Methotrexate 25 mg/mL' },
      form: { coding: [{ system: 'http://standardterms.edqm.eu', code: '11201000' }] },
      ingredient: [
        {
          itemCodeableConcept: {
            coding: [{ system: 'http://snomed.info/sct', code: '387381009' }],
          },
          isActive: true,
          strength: {
            numerator: { value: 15, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
            denominator: {
              value: 0.6,
              unit: 'mL',
              system: 'http://unitsofmeasure.org',
              code: 'mL',
            },
          },
        },
      ],
    };
    const request = resource({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationReference: { reference: '#med' },
      contained: [medication],
    });
    const s = summarizeResource(request, (ref) =>
      ref.reference === '#med' ? (medication as FhirResource) : undefined,
    );
    expect(s.main?.text).toBe('Methotrexate 25 mg/mL');
    expect(s.concepts).toEqual([{ label: 'form', concept: medication.form }]);
    expect(s.ingredients).toEqual([
      {
        item: medication.ingredient[0]?.itemCodeableConcept,
        itemDisplay: undefined,
        isActive: true,
        strength: { type: 'Ratio', ratio: medication.ingredient[0]?.strength },
      },
    ]);
  });

  it('shows the reference display when the Medication is not in the document', () => {
    const s = summarizeResource(
      resource({
        resourceType: 'MedicationStatement',
        status: 'active',
        medicationReference: { reference: 'urn:uuid:x', display: 'Aspirin' },
      }),
      () => undefined,
    );
    expect(s.main).toBeUndefined();
    expect(s.mainDisplay).toBe('Aspirin');
  });

  it('reports entered-in-error records', () => {
    const s = summarizeResource(
      resource({ resourceType: 'Observation', status: 'entered-in-error', code: { text: 'x' } }),
    );
    expect(s.enteredInError).toBe(true);
  });
});

describe('absenceOf', () => {
  it('recognises IPS absent/unknown codes and the SNOMED "no known" situations', () => {
    expect(absenceOf({ coding: [{ system: IPS_ABSENT_UNKNOWN, code: 'no-allergy-info' }] })).toBe(
      'no-information',
    );
    expect(
      absenceOf({ coding: [{ system: IPS_ABSENT_UNKNOWN, code: 'no-known-medications' }] }),
    ).toBe('none-known');
    expect(absenceOf({ coding: [{ system: 'http://snomed.info/sct', code: '716186003' }] })).toBe(
      'none-known',
    );
    expect(
      absenceOf({ coding: [{ system: 'http://snomed.info/sct', code: '91936005' }] }),
    ).toBeUndefined();
    expect(absenceOf({ coding: [{ code: '716186003' }] })).toBeUndefined();
    expect(absenceOf(undefined)).toBeUndefined();
  });
});
