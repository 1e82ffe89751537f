/**
 * The Encounter of a video consultation: created when the clinician starts the consult
 * (class VR "virtual", in progress) and completed when it ends with its period, who took
 * part, and a call-quality summary (an extension; the figures are evidence for the record
 * when a consult was hampered by the connection). Pure.
 * @see https://hl7.org/fhir/R4/encounter.html
 * @see https://terminology.hl7.org/CodeSystem-v3-ActCode.html#v3-ActCode-VR
 */
import type { Encounter, EncounterParticipant, Extension } from 'fhir/r4';
import type { QualitySummary } from './call-quality';

export const CALL_QUALITY_EXTENSION =
  'https://clinician-workstation.example/fhir/StructureDefinition/call-quality';

const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

export interface ConsultStart {
  id: string;
  patientId: string;
  /** `Practitioner/<id>` of the clinician. */
  practitioner?: string;
  practitionerName?: string;
  start: Date;
}

export function startConsultEncounter(input: ConsultStart): Encounter {
  return {
    resourceType: 'Encounter',
    id: input.id,
    status: 'in-progress',
    class: {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: 'VR',
      display: 'virtual',
    },
    type: [{ text: 'Video consultation' }],
    subject: { reference: `Patient/${input.patientId}` },
    ...(input.practitioner
      ? {
          participant: [
            {
              type: [
                { coding: [{ system: PARTICIPATION, code: 'PPRF', display: 'primary performer' }] },
              ],
              individual: {
                reference: input.practitioner,
                ...(input.practitionerName ? { display: input.practitionerName } : {}),
              },
            },
          ],
        }
      : {}),
    period: { start: input.start.toISOString() },
  };
}

export type GuestRole = 'specialist' | 'interpreter' | 'family';

export interface ConsultGuest {
  role: GuestRole;
  name: string;
}

const GUEST_TYPE: Record<GuestRole, { code: string; display: string }> = {
  specialist: { code: 'CON', display: 'consultant' },
  interpreter: { code: 'TRANS', display: 'Translator' },
  family: { code: 'ESC', display: 'escort' },
};

export interface ConsultEnd {
  end: Date;
  /** Others who were admitted (the patient is the subject, not a participant). */
  guests: readonly ConsultGuest[];
  /** Whether the patient joined at all. */
  patientJoined: boolean;
  quality: QualitySummary;
}

function qualityExtension(q: QualitySummary, patientJoined: boolean): Extension {
  const ext = (url: string, value: Partial<Extension>): Extension => ({ url, ...value });
  return {
    url: CALL_QUALITY_EXTENSION,
    extension: [
      ext('patientJoined', { valueBoolean: patientJoined }),
      ext('samples', { valueInteger: q.samples }),
      ...(q.medianRttMs === undefined
        ? []
        : [
            ext('medianRtt', {
              valueQuantity: {
                value: q.medianRttMs,
                unit: 'ms',
                system: 'http://unitsofmeasure.org',
                code: 'ms',
              },
            }),
          ]),
      ...(q.maxRttMs === undefined
        ? []
        : [
            ext('maxRtt', {
              valueQuantity: {
                value: q.maxRttMs,
                unit: 'ms',
                system: 'http://unitsofmeasure.org',
                code: 'ms',
              },
            }),
          ]),
      ...(q.meanLossPercent === undefined
        ? []
        : [
            ext('meanPacketLoss', {
              valueQuantity: {
                value: q.meanLossPercent,
                unit: '%',
                system: 'http://unitsofmeasure.org',
                code: '%',
              },
            }),
          ]),
      ext('secondsGood', { valueInteger: Math.round(q.seconds.good) }),
      ext('secondsFair', { valueInteger: Math.round(q.seconds.fair) }),
      ext('secondsPoor', { valueInteger: Math.round(q.seconds.poor) }),
      ext('reconnections', { valueInteger: q.reconnections }),
      ext('videoFallbacks', { valueInteger: q.videoFallbacks }),
    ],
  };
}

/** The finished Encounter: the start as it was, plus end, guests and the quality summary. */
export function finishConsultEncounter(started: Encounter, input: ConsultEnd): Encounter {
  const guests: EncounterParticipant[] = input.guests.map((g) => ({
    type: [{ coding: [{ system: PARTICIPATION, ...GUEST_TYPE[g.role] }], text: g.role }],
    individual: { display: g.name },
  }));
  return {
    ...started,
    status: 'finished',
    period: { ...started.period, end: input.end.toISOString() },
    participant: [...(started.participant ?? []), ...guests],
    extension: [
      ...(started.extension ?? []).filter((e) => e.url !== CALL_QUALITY_EXTENSION),
      qualityExtension(input.quality, input.patientJoined),
    ],
  };
}

/** Reads the summary back (for showing a finished consult). */
export function readQualityExtension(
  encounter: Encounter,
): Record<string, number | boolean> | undefined {
  const ext = encounter.extension?.find((e) => e.url === CALL_QUALITY_EXTENSION);
  if (!ext) return undefined;
  const out: Record<string, number | boolean> = {};
  for (const e of ext.extension ?? []) {
    const v = e.valueInteger ?? e.valueBoolean ?? e.valueQuantity?.value;
    if (v !== undefined) out[e.url] = v;
  }
  return out;
}
