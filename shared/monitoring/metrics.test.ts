import { METRICS, METRIC_KEYS, bpComponentOf, isPlausible, metricOfConcept } from './metrics';

const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const mdc = (code: string) => ({ coding: [{ system: 'urn:iso:std:iso:11073:10101', code }] });

describe('metric catalogue', () => {
  it('maps the contract codes to metrics', () => {
    const cases: [ReturnType<typeof loinc>, string][] = [
      [loinc('85354-9'), 'blood-pressure'],
      [mdc('150020'), 'blood-pressure'],
      [loinc('29463-7'), 'weight'],
      [mdc('188736'), 'weight'],
      [loinc('59408-5'), 'spo2'],
      [loinc('2708-6'), 'spo2'],
      [mdc('150456'), 'spo2'],
      [loinc('8867-4'), 'heart-rate'],
      [mdc('149546'), 'heart-rate'],
      [mdc('147842'), 'heart-rate'],
      [loinc('2339-0'), 'glucose'],
      [loinc('41653-7'), 'glucose'],
      [loinc('14743-9'), 'glucose'],
      [loinc('15074-8'), 'glucose'],
      [mdc('160368'), 'glucose'],
      [loinc('99504-3'), 'cgm-glucose'],
    ];
    for (const [concept, metric] of cases) {
      expect(metricOfConcept(concept)).toEqual({ match: { metric, summary: false } });
    }
    expect(metricOfConcept(loinc('96607-7'))).toEqual({
      match: { metric: 'blood-pressure', summary: true },
    });
  });

  it('does not match a code under the wrong system, and says when codes disagree', () => {
    expect(
      metricOfConcept({ coding: [{ system: 'http://snomed.info/sct', code: '29463-7' }] }),
    ).toBeUndefined();
    expect(metricOfConcept({ coding: [{ code: '29463-7' }] })).toBeUndefined();
    expect(metricOfConcept(undefined)).toBeUndefined();
    expect(
      metricOfConcept({ coding: [...loinc('85354-9').coding, ...loinc('96607-7').coding] }),
    ).toEqual({ ambiguous: ['blood-pressure'] });
  });

  it('finds BP components by LOINC or MDC', () => {
    expect(bpComponentOf(loinc('8480-6'))).toBe('systolic');
    expect(bpComponentOf(mdc('150022'))).toBe('diastolic');
    expect(bpComponentOf(loinc('96608-5'))).toBe('systolic');
    expect(bpComponentOf(mdc('150023'))).toBeUndefined(); // mean arterial pressure
  });

  it('plausible ranges are inclusive, in the canonical unit', () => {
    expect(isPlausible('glucose', 'value', 1000)).toBe(true);
    expect(isPlausible('glucose', 'value', 1001)).toBe(false);
    expect(isPlausible('glucose', 'value', 9)).toBe(false);
    expect(isPlausible('spo2', 'value', 101)).toBe(false);
    expect(isPlausible('blood-pressure', 'systolic', 301)).toBe(false);
    expect(isPlausible('blood-pressure', 'diastolic', 40)).toBe(true);
  });

  it('every metric accepts its canonical unit and has a range per slot', () => {
    for (const key of METRIC_KEYS) {
      const def = METRICS[key];
      expect(def.key).toBe(key);
      expect(def.units).toContain(def.canonicalUnit);
      for (const slot of def.slots) expect(def.plausible[slot]).toBeDefined();
      expect(metricOfConcept(loinc(def.planCode))).toEqual({
        match: { metric: key, summary: false },
      });
    }
  });
});
