/**
 * `GET /companion/me`: what the patient page needs to greet the patient and offer the right
 * forms — their name, their languages (Patient.communication, preferred first), and the metrics
 * their active remote-monitoring CarePlan asks them to measure, with units and frequency.
 * Thresholds stay with the clinicians: the page never sees them.
 * @see https://hl7.org/fhir/R4/patient-definitions.html#Patient.communication
 */
import { z } from 'zod';
import { formatHumanName } from '../../../shared/fhir/human-name';
import { METRICS, type MetricKey } from '../../../shared/monitoring/metrics';
import {
  CARE_PLAN_CATEGORY_SYSTEM,
  REMOTE_MONITORING_CODE,
  parseMonitoringPlan,
} from '../../../shared/monitoring/plan';
import type { CompanionClaims } from './tickets';
import type { CompanionFhir } from './fhir-client';
import { COMPANION_UNITS } from './readings';

export interface CompanionMetricInfo {
  metric: MetricKey;
  /** UCUM codes, in the order the page should offer them. */
  units: string[];
  /** Readings expected per day; null when the plan sets no schedule. */
  perDay: number | null;
  /** False for metrics a device sends by itself (CGM, SpO2…): shown, not typed in. */
  canSubmit: boolean;
}

export interface CompanionProfile {
  patient: { name: string | null; preferredLanguage: string | null; languages: string[] };
  /** `unreadable`: a plan exists but could not be understood (the clinicians are told in the log). */
  plan: { status: 'active' | 'none' | 'unreadable'; title: string | null };
  metrics: CompanionMetricInfo[];
  link: { id: string; expiresAt: number };
}

const humanNameSchema = z.looseObject({
  use: z.enum(['usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden']).optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
  prefix: z.array(z.string()).optional(),
  suffix: z.array(z.string()).optional(),
  period: z.looseObject({ end: z.string().optional() }).optional(),
});

/** A Patient's or Practitioner's display name; null when it has none (or none readable). */
export function displayName(resource: unknown): string | null {
  const parsed = z.looseObject({ name: z.array(humanNameSchema).optional() }).safeParse(resource);
  const text = parsed.success ? formatHumanName(parsed.data.name) : '';
  return text === '' ? null : text;
}

const patientSchema = z.looseObject({
  communication: z
    .array(
      z.looseObject({
        language: z.looseObject({
          coding: z.array(z.looseObject({ code: z.string().optional() })).optional(),
        }),
        preferred: z.boolean().optional(),
      }),
    )
    .optional(),
});

/** Coded languages of Patient.communication, preferred ones first, as sent (BCP 47). */
export function patientLanguages(patient: unknown): string[] {
  const parsed = patientSchema.safeParse(patient);
  const list = parsed.success ? (parsed.data.communication ?? []) : [];
  const ordered = [...list.filter((c) => c.preferred), ...list.filter((c) => !c.preferred)];
  const codes = ordered.flatMap((c) =>
    (c.language.coding ?? []).map((x) => x.code?.trim() ?? '').filter((x) => x !== ''),
  );
  return [...new Set(codes)];
}

function metricInfo(metric: MetricKey, perDay: number | undefined): CompanionMetricInfo {
  const companion = (COMPANION_UNITS as Partial<Record<MetricKey, readonly string[]>>)[metric];
  return {
    metric,
    units: [...(companion ?? METRICS[metric].units)],
    perDay: perDay ?? null,
    canSubmit: companion !== undefined,
  };
}

/** Reads the patient and their active monitoring plans into the `/companion/me` answer. */
export async function fetchCompanionProfile(
  fhir: CompanionFhir,
  claims: CompanionClaims,
  log: (line: string) => void,
): Promise<CompanionProfile | undefined> {
  const [patient, plans] = await Promise.all([
    fhir.read('Patient', claims.patientId),
    fhir.search('CarePlan', {
      subject: `Patient/${claims.patientId}`,
      category: `${CARE_PLAN_CATEGORY_SYSTEM}|${REMOTE_MONITORING_CODE}`,
      status: 'active',
      _count: '20',
    }),
  ]);
  if (!patient) return undefined;
  const name = displayName(patient);
  const languages = patientLanguages(patient);

  const metrics: CompanionMetricInfo[] = [];
  const titles: string[] = [];
  let readable = 0;
  let unreadable = 0;
  for (const resource of plans) {
    const parsed = parseMonitoringPlan(resource);
    // A server that ignored a search parameter must not hand us someone else's plan.
    if (
      !parsed.ok ||
      parsed.plan.patientId !== claims.patientId ||
      parsed.plan.status !== 'active'
    ) {
      if (!parsed.ok) {
        unreadable++;
        log(`companion: CarePlan/${resource.id ?? '?'} unreadable: ${parsed.error}`);
      }
      continue;
    }
    readable++;
    if (parsed.plan.title !== undefined) titles.push(parsed.plan.title);
    for (const m of parsed.plan.metrics) {
      if (m.active && !metrics.some((x) => x.metric === m.metric))
        metrics.push(metricInfo(m.metric, m.expectedPerDay));
    }
  }
  return {
    patient: {
      name: name === '' ? null : name,
      preferredLanguage: languages[0] ?? null,
      languages,
    },
    plan: {
      status: readable > 0 ? 'active' : unreadable > 0 ? 'unreadable' : 'none',
      title: titles[0] ?? null,
    },
    metrics,
    link: { id: claims.id, expiresAt: claims.expiresAt },
  };
}
