/**
 * Ninety days of home readings for each monitored demo patient, each with a story a clinician
 * can find in the panel (all relative to the anchor, 2026-11-01T09:00Z = "today"):
 * - hypertension: twice-daily cuff readings drifting down on treatment, a stressful week, one
 *   reading typed in with systolic and diastolic swapped (86/144, 12 days ago), and nothing for
 *   the last 2 days (missed readings);
 * - type 2 diabetes: fasting and after-dinner meter glucose improving, a low after exercise, an
 *   implausible 1001 mg/dL typed in 20 days ago, daily scale weights with one typed in pounds;
 * - heart failure: steady weight until a gain of ≥2.2 kg over the last 2 days (the red 2 kg / 3 d
 *   rule fires today), pulse creeping up and SpO2 down with it, one day away;
 * - COPD: SpO2 around 93–94 % with an exacerbation 24–31 days ago (down to 87 % on day 28).
 */
import type { GeneratedResource } from './builder';
import type { DeviceKind } from './monitoring-codes';
import { KG_PER_LB } from './monitoring-codes';
import type { DeviceRef } from './monitoring-resources';
import { dailySlots, dayStart, meanReverting, round1 } from './monitoring-series';
import type { HomeReadingWriter } from './monitoring-series';
import type { Rng } from './prng';
import { isRecord } from '../fhir/types';

/** Readings cover days 89…0 before the anchor: the 90 days after enrollment. */
export const READING_DAYS = 90;

export interface StoryInput {
  rng: Rng;
  writer: HomeReadingWriter;
  devices: Partial<Record<DeviceKind, DeviceRef>>;
  /** The patient's clinical record as generated (clinic weights matter to the HF story). */
  record: readonly GeneratedResource[];
}

export function deviceOf(input: StoryInput, kind: DeviceKind): DeviceRef {
  const d = input.devices[kind];
  if (!d) throw new Error(`${input.writer.patientId} has no ${kind}`);
  return d;
}

const clampInt = (v: number, lo: number, hi: number): number =>
  Math.round(Math.min(hi, Math.max(lo, v)));

/** Linear from `from` (READING_DAYS − 1 days ago) to `to` (today). */
const trend = (from: number, to: number, day: number): number =>
  to + ((from - to) * day) / (READING_DAYS - 1);

export function hypertensionStory(input: StoryInput): void {
  const { rng, writer } = input;
  const cuff = deviceOf(input, 'bpCuff');
  const level = meanReverting(rng, 0, 1.5, 0.1);
  for (const slot of dailySlots(rng, READING_DAYS, [7, 19], { jitterMinutes: 90 })) {
    const stress = slot.day >= 37 && slot.day <= 40 ? 10 : 0;
    const morning = slot.index === 0 ? 5 : 0;
    const drift = level.next();
    const systolic = Math.round(
      trend(150, 142, slot.day) + drift + stress + morning + rng.normal(0, 7),
    );
    const diastolic = Math.round(
      trend(90, 86, slot.day) + drift / 2 + stress / 2 + rng.normal(0, 4.5),
    );
    const pulse = Math.round(72 - (slot.index === 0 ? 2 : 0) + rng.normal(0, 5));
    if (slot.day <= 1) continue; // the last 2 days: no readings at all
    if (slot.index === 1 && rng.float() < 0.06) continue; // forgot the evening reading
    if (slot.day === 12 && slot.index === 1) {
      // Typed in by hand with the two numbers in each other's fields.
      writer.add(slot.ms, 'blood-pressure', { systolic: 86, diastolic: 144 }, 'mm[Hg]', undefined);
      continue;
    }
    writer.add(slot.ms, 'blood-pressure', { systolic, diastolic }, 'mm[Hg]', cuff);
    writer.add(slot.ms, 'heart-rate', pulse, '/min', cuff);
  }
}

export function diabetes2Story(input: StoryInput): void {
  const { rng, writer } = input;
  const meter = deviceOf(input, 'glucoseMeter');
  const scale = deviceOf(input, 'scale');
  for (const slot of dailySlots(rng, READING_DAYS, [7, 21], { jitterMinutes: 45 })) {
    if (rng.float() < (slot.index === 0 ? 0.04 : 0.08)) continue;
    if (slot.day === 20 && slot.index === 0) {
      // "100" with a finger slipping on the keypad: implausible, typed in.
      writer.add(slot.ms, 'glucose', 1001, 'mg/dL', undefined);
      continue;
    }
    if (slot.day === 33 && slot.index === 1) {
      writer.add(slot.ms, 'glucose', 64, 'mg/dL', meter, 'Long walk, skipped dessert.');
      continue;
    }
    const mean = slot.index === 0 ? trend(150, 132, slot.day) : trend(178, 160, slot.day);
    const sd = slot.index === 0 ? 18 : 28;
    writer.add(slot.ms, 'glucose', clampInt(rng.normal(mean, sd), 75, 320), 'mg/dL', meter);
  }
  const weight = meanReverting(rng, 0, 0.25, 0.3);
  for (const slot of dailySlots(rng, READING_DAYS, [6], { jitterMinutes: 50 })) {
    const kg = trend(102.4, 100.6, slot.day) + weight.next();
    if (rng.float() < 0.07) continue;
    if (slot.day === 8) {
      // Weighed at the gym, typed in as the gym's scale showed it.
      writer.add(slot.ms, 'weight', round1(kg / KG_PER_LB), '[lb_av]', undefined);
      continue;
    }
    writer.add(slot.ms, 'weight', round1(kg), 'kg', scale);
  }
}

/** Clinic weights (kg) measured since `sinceMs`, from the generated record. */
function recentClinicWeights(record: readonly GeneratedResource[], sinceMs: number): number[] {
  const out: number[] = [];
  for (const { resource: r } of record) {
    if (r.resourceType !== 'Observation' || typeof r.effectiveDateTime !== 'string') continue;
    if (Date.parse(r.effectiveDateTime) < sinceMs) continue;
    const code =
      isRecord(r.code) && Array.isArray(r.code.coding) ? (r.code.coding[0] as unknown) : undefined;
    const q = r.valueQuantity;
    if (isRecord(code) && code.code === '29463-7' && isRecord(q) && typeof q.value === 'number')
      out.push(q.value);
  }
  return out;
}

/** Rise over the last days, relative to the level before it (kg): today is ≥ 2.2 above day 2. */
const HF_TAIL: Readonly<Record<number, number>> = { 4: 0.2, 3: 0.3, 2: 0.7, 1: 1.9, 0: 2.9 };

export function heartFailureStory(input: StoryInput): void {
  const { rng, writer } = input;
  const scale = deviceOf(input, 'scale');
  const cuff = deviceOf(input, 'bpCuff');
  const oximeter = deviceOf(input, 'pulseOximeter');
  const weight = meanReverting(rng, 84, 0.25, 0.25);
  const slots = dailySlots(rng, READING_DAYS, [7], { jitterMinutes: 20 });
  // The level the gain starts from: never below a clinic weight of the last days, so any
  // weight in the window is at least 2.2 kg under today's.
  const clinic = recentClinicWeights(input.record, dayStart(5)).map((c) => c - 0.3);
  let base: number | undefined;
  for (const slot of slots) {
    const w = weight.next();
    const tail = HF_TAIL[slot.day];
    let kg = w;
    if (tail !== undefined) {
      base ??= Math.max(w, ...clinic);
      kg = base + tail + (slot.day === 0 ? rng.float() * 0.2 : 0);
    }
    const overload = tail ?? 0;
    const systolic = Math.round(118 + rng.normal(0, 7) + overload * 1.5);
    const diastolic = Math.round(72 + rng.normal(0, 5));
    const pulse = Math.round(70 + rng.normal(0, 4) + overload * 4.5);
    const spo2 = clampInt(96 + rng.normal(0, 0.9) - overload, 90, 99);
    if (slot.day === 41) continue; // away for the day
    writer.add(slot.ms, 'weight', round1(kg), 'kg', scale);
    const later = slot.ms + rng.int(20, 30) * 60_000;
    writer.add(later, 'blood-pressure', { systolic, diastolic }, 'mm[Hg]', cuff);
    writer.add(later, 'heart-rate', pulse, '/min', cuff);
    writer.add(later + rng.int(2, 6) * 60_000, 'spo2', slot.day === 0 ? 93 : spo2, '%', oximeter);
  }
}

export function copdStory(input: StoryInput): void {
  const { rng, writer } = input;
  const oximeter = deviceOf(input, 'pulseOximeter');
  const level = meanReverting(rng, 93.6, 0.5, 0.3);
  for (const slot of dailySlots(rng, READING_DAYS, [8], { jitterMinutes: 40 })) {
    const flare = slot.day >= 24 && slot.day <= 31 ? 4 - Math.abs(slot.day - 28) * 0.8 : 0;
    const spo2 =
      slot.day === 28 ? 87 : clampInt(level.next(93.6 - flare) + rng.normal(0, 0.7), 85, 98);
    const pulse = Math.round(84 + flare * 6 + rng.normal(0, 4));
    if (slot.day !== 28 && slot.day !== 0 && rng.float() < 0.05) continue;
    writer.add(slot.ms, 'spo2', slot.day === 0 ? 93 : spo2, '%', oximeter);
    writer.add(slot.ms, 'heart-rate', pulse, '/min', oximeter);
  }
}
