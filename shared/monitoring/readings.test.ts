import type { FhirResource } from 'fhir/r4';
import mhvBp from '../../../shared/fixtures/monitoring/mhv_Observation-ex-MHV-bloodPressure-0.json';
import mhvSugar from '../../../shared/fixtures/monitoring/mhv_Observation-ex-MHV-bloodSugarB-0.json';
import mhvWeight from '../../../shared/fixtures/monitoring/mhv_Observation-ex-MHV-weight.json';
import appleWeight from '../../../shared/fixtures/monitoring/mhv_Observation-ex-weight-apple.json';
import phdBundle from '../../../shared/fixtures/monitoring/phd_bundle-example-1.json';
import phdBp from '../../../shared/fixtures/monitoring/phd_compound-numeric-blood-pressure.json';
import glucoseMeter from '../../../shared/fixtures/monitoring/phd_device-glucose-meter-00601900010E9234.json';
import pulseOximeter from '../../../shared/fixtures/monitoring/phd_device-pulse-oximeter-74E8FFFEFF051C00.json';
import phdGlucose from '../../../shared/fixtures/monitoring/phd_glucose-observation.json';
import phdPulse from '../../../shared/fixtures/monitoring/phd_numeric-spotnumeric.json';
import avgBp from '../../../shared/fixtures/monitoring/uscore_Observation-average-blood-pressure.json';
import usBp from '../../../shared/fixtures/monitoring/uscore_blood-pressure.json';
import usHr from '../../../shared/fixtures/monitoring/uscore_heart-rate.json';
import usSpo2 from '../../../shared/fixtures/monitoring/uscore_oxygen-saturation.json';
import usWeight from '../../../shared/fixtures/monitoring/uscore_weight.json';
import notUcum from '../../../shared/fixtures/odd/mhv_Observation-ex-weight-not-ucum.json';
import {
  isUnrecognised,
  readBundle,
  readObservation,
  readObservations,
  type Reading,
} from './readings';

const now = Date.UTC(2026, 7, 24, 12, 0, 0);
const read = (r: unknown): Reading => readObservation(r, { now });

function measured(reading: Reading, slot: 'value' | 'systolic' | 'diastolic') {
  const v = reading.values[slot];
  if (v?.kind !== 'measured') throw new Error(`${slot} is not measured`);
  return v;
}

describe('readObservation on the monitoring fixtures', () => {
  it('MHV blood pressure: components listed diastolic first, 55284-4 panel', () => {
    const r = read(mhvBp);
    expect(r.metric).toBe('blood-pressure');
    expect(measured(r, 'systolic')).toMatchObject({ value: 140, canonical: 140, unit: 'mm[Hg]' });
    expect(measured(r, 'diastolic')).toMatchObject({ value: 90, unitSent: 'mm[Hg]' });
    expect(r.epoch).toBe(1104036650000); // 2004-12-26T04:50:50Z
    expect(r.usable).toBe(true);
    expect(r.flags).toEqual([]);
  });

  it('MHV blood sugar 99 mg/dL and weight 185 [lb_av] (converted, source kept)', () => {
    const sugar = read(mhvSugar);
    expect(sugar.metric).toBe('glucose');
    expect(measured(sugar, 'value')).toMatchObject({ value: 99, canonical: 99 });
    const weight = read(mhvWeight);
    expect(weight.metric).toBe('weight');
    const v = measured(weight, 'value');
    expect(v.value).toBe(185);
    expect(v.unit).toBe('[lb_av]');
    expect(v.canonical).toBeCloseTo(83.91458845, 8); // 185 × 0.45359237
  });

  it('Apple weight: period start == end kept as a period', () => {
    const r = read(appleWeight);
    expect(r.time).toEqual({
      kind: 'period',
      start: '2022-11-02T19:44:00+00:00',
      end: '2022-11-02T19:44:00+00:00',
    });
    expect(r.epoch).toBe(1667418240000);
    expect(measured(r, 'value').canonical).toBe(88.45);
  });

  it('PHD bundle: device names resolved inside the Bundle, the timestamp Observation listed as unrecognised', () => {
    const readings = readBundle(phdBundle, { now });
    expect(readings.map((r) => r.id)).toEqual(['cts-001', 'pulse-ox-001', 'pulse-ox-002']);
    const [cts, spo2, pulse] = readings as [Reading, Reading, Reading];
    expect(isUnrecognised(cts)).toBe(true);
    expect(cts.usable).toBe(false);
    expect(cts.flags[0]).toEqual({
      kind: 'unrecognised-code',
      codes: ['urn:iso:std:iso:11073:10101|67975'],
    });
    expect(spo2.metric).toBe('spo2');
    expect(measured(spo2, 'value').value).toBe(98);
    expect(spo2.device).toEqual({
      reference: 'urn:uuid:c87cc91b-8b31-4e6f-b636-75e52891d10a',
      display: 'Nonin_Medical_Inc._323552',
    });
    expect(pulse.metric).toBe('heart-rate');
    // The sender's unit text has a typo; the UCUM code /min is what counts.
    expect(measured(pulse, 'value')).toMatchObject({
      value: 47,
      unit: '/min',
      unitSent: '{beat}/min}',
    });
    expect(pulse.epoch).toBe(1568997616936);
  });

  it('PHD compound BP: MDC + LOINC, the mean component ignored, patient as performer', () => {
    const r = read(phdBp);
    expect(r.metric).toBe('blood-pressure');
    expect(measured(r, 'systolic').value).toBe(116);
    expect(measured(r, 'diastolic').value).toBe(71);
    expect(Object.keys(r.values).sort()).toEqual(['diastolic', 'systolic']);
    expect(r.patientEntered).toBe(true);
    expect(r.device).toEqual({ reference: 'Device/phd-711000FEFF5F49B0.B0495F001071' });
  });

  it('PHD glucose coded in MDC only, and spot pulse rate, with the Device resolved', () => {
    const related = [pulseOximeter, glucoseMeter] as FhirResource[];
    const [glucose, pulse] = readObservations([phdGlucose, phdPulse], { now, related });
    expect(glucose?.metric).toBe('glucose');
    expect(glucose?.values.value).toMatchObject({ value: 99, canonical: 99, plausible: true });
    expect(glucose?.device?.display).toBe('Nonin_Medical_Inc. Model 3230');
    expect(pulse?.metric).toBe('heart-rate');
    expect(pulse?.values.value).toMatchObject({ value: 48, canonical: 48 });
    expect(pulse?.epoch).toBe(1542149943000);
  });

  it('Device resources are not readings: flagged invalid, never thrown away', () => {
    for (const device of [glucoseMeter, pulseOximeter]) {
      const r = read(device);
      expect(r.usable).toBe(false);
      expect(r.flags[0]?.kind).toBe('invalid');
      expect(isUnrecognised(r)).toBe(true);
    }
  });

  it('US Core average BP: a summary over a period, ordered by the period end', () => {
    const r = read(avgBp);
    expect(r.metric).toBe('blood-pressure');
    expect(r.summary).toBe(true);
    expect(r.time).toEqual({
      kind: 'period',
      start: '2023-08-03T01:06:52.480Z',
      end: '2023-08-06T13:07:01.166Z',
    });
    expect(r.epoch).toBe(1691327221166);
    expect(measured(r, 'systolic').value).toBe(109);
    expect(measured(r, 'diastolic').value).toBe(72);
  });

  it('US Core BP, heart rate, SpO2 (two LOINC codes) and weight, date-only times', () => {
    const bp = read(usBp);
    expect(bp.dateOnly).toBe(true);
    expect(bp.epoch).toBe(Date.UTC(1999, 6, 2));
    expect(measured(bp, 'systolic')).toMatchObject({
      value: 109,
      unitSent: 'mmHg',
      unit: 'mm[Hg]',
    });
    expect(measured(bp, 'diastolic').value).toBe(44);
    expect(bp.patientEntered).toBe(false);
    expect(bp.performers).toEqual([
      { reference: 'Practitioner/practitioner-1', display: 'Dr Ronald Bone' },
    ]);
    expect(read(usHr)).toMatchObject({ metric: 'heart-rate', usable: true });
    const spo2 = read(usSpo2);
    expect(spo2.metric).toBe('spo2');
    expect(measured(spo2, 'value')).toMatchObject({ value: 99, unitSent: '%O2', unit: '%' });
    expect(measured(read(usWeight), 'value').canonical).toBe(20.09414);
  });

  it('weight in plain "pounds" without a UCUM code: flagged, never converted', () => {
    const r = read(notUcum);
    expect(r.metric).toBe('weight');
    const v = measured(r, 'value');
    expect(v.value).toBe(180);
    expect(v.canonical).toBeUndefined();
    expect(r.flags).toContainEqual({
      kind: 'unrecognised-unit',
      slot: 'value',
      sent: 'pounds',
      problem: 'not-ucum',
    });
    expect(isUnrecognised(r)).toBe(true);
    expect(r.usable).toBe(false);
  });
});
