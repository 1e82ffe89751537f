/**
 * Feedback to the patient: a message drafted from a template with the patient's own numbers,
 * in the patient's language (Patient.communication, preferred first, else English) and
 * preferred units (converted with UCUM-aware code and labelled), edited by the clinician and
 * sent as a FHIR Communication (see /work/notes/monitoring-contract.md).
 * @see https://hl7.org/fhir/R4/communication.html
 * @see https://hl7.org/fhir/R4/patient-definitions.html#Patient.communication
 */
import type { Communication, Reference } from 'fhir/r4';
import { z } from 'zod';
import type { Alert } from './alerts';
import {
  FEEDBACK_LANGUAGES,
  renderTemplate,
  type FeedbackLanguage,
  type FeedbackTemplate,
} from './feedback-templates';
import { conceptSchema } from './fhir-shapes';
import type { MetricKey } from './metrics';
import { usableMeasurement } from './reading-values';
import { convertValue, roundForUnit, unitLabel, type UcumUnit } from './units';

export { FEEDBACK_LANGUAGES, FEEDBACK_TEMPLATES } from './feedback-templates';
export type { FeedbackLanguage, FeedbackTemplate } from './feedback-templates';

export const COMMUNICATION_CATEGORY_SYSTEM =
  'http://clinician-workstation.example/fhir/CodeSystem/communication-category';
export const MONITORING_FEEDBACK_CODE = 'monitoring-feedback';

/** A quantity in a supported unit. */
export interface Amount {
  value: number;
  unit: UcumUnit;
}

/** What a template needs, in the units the numbers were measured in. */
export type FeedbackValues =
  | { template: 'readings-good'; days: number }
  | { template: 'bp-high'; systolic: number; diastolic?: number }
  | { template: 'weight-rising'; gain: Amount; days: number }
  | { template: 'missed-readings'; metric: MetricKey; days: number }
  | { template: 'glucose-low'; count: number; days: number; lowest: Amount };

/** The patient's preferred units; absent = as measured. */
export interface UnitPreferences {
  weight?: 'kg' | '[lb_av]';
  glucose?: 'mg/dL' | 'mmol/L';
}

const patientSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  communication: z
    .array(z.object({ language: conceptSchema, preferred: z.boolean().optional() }))
    .optional(),
});

export interface PatientLanguage {
  language: FeedbackLanguage;
  /** The language code the patient asked for first (BCP 47 as sent), if any. */
  requested?: string;
  /** True when that language has no templates and English is used instead. */
  fallback: boolean;
}

function isFeedbackLanguage(code: string): code is FeedbackLanguage {
  return (FEEDBACK_LANGUAGES as readonly string[]).includes(code);
}

/**
 * The language to write to a patient in: the first of Patient.communication (preferred ones
 * first) whose primary language subtag has templates ("de-CH" → de), else English. Only coded
 * languages count; `text` alone ("Spanish") is not guessed from.
 */
export function patientLanguage(patient: unknown): PatientLanguage {
  const parsed = patientSchema.safeParse(patient);
  const list = parsed.success ? (parsed.data.communication ?? []) : [];
  const ordered = [...list.filter((c) => c.preferred), ...list.filter((c) => !c.preferred)];
  const codes = ordered.flatMap((c) =>
    (c.language.coding ?? []).map((x) => x.code?.trim()).filter((x): x is string => !!x),
  );
  const requested = codes[0];
  for (const code of codes) {
    const primary = code.split('-')[0]?.toLowerCase() ?? '';
    if (isFeedbackLanguage(primary)) {
      return { language: primary, ...(requested ? { requested } : {}), fallback: false };
    }
  }
  return { language: 'en', ...(requested ? { requested } : {}), fallback: requested !== undefined };
}

function formatNumber(value: number, language: FeedbackLanguage, decimals: number): string {
  return new Intl.NumberFormat(language, {
    maximumFractionDigits: decimals,
    useGrouping: false,
  }).format(value);
}

/** An amount in the preferred unit (when convertible), rounded for that unit and labelled. */
export function formatAmount(
  amount: Amount,
  language: FeedbackLanguage,
  prefer?: UcumUnit,
): string {
  const unit = prefer && convertValue(1, amount.unit, prefer) !== undefined ? prefer : amount.unit;
  const value = convertValue(amount.value, amount.unit, unit) ?? amount.value;
  // A value as given keeps its decimals; a converted one is rounded for its unit.
  const shown = unit === amount.unit ? value : roundForUnit(value, unit);
  return `${formatNumber(shown, language, 3)} ${unitLabel(unit)}`;
}

export interface FeedbackDraft {
  template: FeedbackTemplate;
  /** BCP 47 primary language of the text. */
  language: FeedbackLanguage;
  /** Editable text; the clinician may change it before sending. */
  text: string;
}

/** The template filled in, in the patient's language and units. */
export function draftFeedback(
  values: FeedbackValues,
  options: { language: FeedbackLanguage; units?: UnitPreferences },
): FeedbackDraft {
  const { language, units = {} } = options;
  const text = ((): string => {
    switch (values.template) {
      case 'readings-good':
        return renderTemplate(language, values.template, { days: values.days });
      case 'bp-high': {
        const pair =
          values.diastolic === undefined
            ? formatNumber(values.systolic, language, 0)
            : `${formatNumber(values.systolic, language, 0)}/${formatNumber(values.diastolic, language, 0)}`;
        return renderTemplate(language, values.template, { pressure: `${pair} mmHg` });
      }
      case 'weight-rising':
        return renderTemplate(language, values.template, {
          gain: formatAmount(values.gain, language, units.weight),
          days: values.days,
        });
      case 'missed-readings':
        return renderTemplate(language, values.template, {
          metric: values.metric,
          days: values.days,
        });
      case 'glucose-low':
        return renderTemplate(language, values.template, {
          count: values.count,
          days: values.days,
          lowest: formatAmount(values.lowest, language, units.glucose),
        });
    }
  })();
  return { template: values.template, language, text };
}

const DAY_MS = 86_400_000;

/**
 * Template values suggested by a patient's alerts (newest first per kind): high blood pressure,
 * rising weight, missed readings, low glucose (all low-glucose alerts together); "readings look
 * good" when there is no alert. Numbers come from the readings, in their own units.
 */
export function suggestFeedback(
  alerts: readonly Alert[],
  options: { days?: number } = {},
): FeedbackValues[] {
  const days = options.days ?? 7;
  if (alerts.length === 0) return [{ template: 'readings-good', days }];
  const newest = [...alerts].sort((a, b) => b.at - a.at);
  const out: FeedbackValues[] = [];
  const bp = newest.find((a) => a.metric === 'blood-pressure' && a.rule === 'above');
  const sys = bp?.readings[0]?.values.systolic;
  const dia = bp?.readings[0]?.values.diastolic;
  if (usableMeasurement(sys)) {
    out.push({
      template: 'bp-high',
      systolic: sys.value,
      ...(usableMeasurement(dia) ? { diastolic: dia.value } : {}),
    });
  }
  const rise = newest.find((a) => a.metric === 'weight' && a.rule === 'rise');
  const [to, from] = rise?.readings ?? [];
  const toV = to?.values.value;
  const fromV = from?.values.value;
  if (
    usableMeasurement(toV) &&
    usableMeasurement(fromV) &&
    to?.epoch !== undefined &&
    from?.epoch !== undefined
  ) {
    const unit = toV.unit ?? 'kg';
    const gain = convertValue(toV.canonical - fromV.canonical, 'kg', unit) ?? 0;
    out.push({
      template: 'weight-rising',
      gain: { value: roundForUnit(gain, unit), unit },
      days: Math.max(1, Math.round((to.epoch - from.epoch) / DAY_MS)),
    });
  }
  const missed = newest.find((a) => a.level === 'missed');
  if (missed) {
    const hours = missed.reason.values.hoursSince;
    const sinceDays = typeof hours === 'number' ? Math.floor(hours / 24) : 1;
    out.push({ template: 'missed-readings', metric: missed.metric, days: Math.max(1, sinceDays) });
  }
  const lows = newest.filter(
    (a) => (a.metric === 'glucose' || a.metric === 'cgm-glucose') && a.rule === 'below',
  );
  let lowest: Amount | undefined;
  let lowestCanonical = Infinity;
  for (const a of lows) {
    const v = a.readings[0]?.values.value;
    if (usableMeasurement(v) && v.unit && v.canonical < lowestCanonical) {
      lowestCanonical = v.canonical;
      lowest = { value: v.value, unit: v.unit };
    }
  }
  if (lowest) out.push({ template: 'glucose-low', count: lows.length, days, lowest });
  return out;
}

export interface FeedbackCommunicationInput {
  /** Client-assigned Communication id. */
  id: string;
  patientId: string;
  practitioner: Reference;
  /** The text as finally edited by the clinician. */
  text: string;
  /** BCP 47 language of the text. */
  language: string;
  /** dateTime with zone. */
  sent: string;
  /** References of the readings/alerts' Observations the message is about. */
  about?: readonly string[];
}

/** The contract's feedback Communication. */
export function buildFeedbackCommunication(input: FeedbackCommunicationInput): Communication {
  const text = input.text.trim();
  if (!text) throw new Error('a feedback message needs text');
  return {
    resourceType: 'Communication',
    id: input.id,
    language: input.language,
    status: 'completed',
    category: [
      {
        coding: [
          {
            system: COMMUNICATION_CATEGORY_SYSTEM,
            code: MONITORING_FEEDBACK_CODE,
            display: 'Monitoring feedback',
          },
        ],
      },
    ],
    subject: { reference: `Patient/${input.patientId}` },
    recipient: [{ reference: `Patient/${input.patientId}` }],
    sender: input.practitioner,
    sent: input.sent,
    ...(input.about && input.about.length > 0
      ? { about: input.about.map((reference) => ({ reference })) }
      : {}),
    payload: [{ contentString: text }],
  };
}
