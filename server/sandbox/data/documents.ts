/**
 * Imaging, reports, documents and media for a synthetic record: ImagingStudy with series and
 * instances, the DiagnosticReport that refers to it (with a presented PDF), and
 * DocumentReferences carrying text, PDF, PNG or a ~1 MB attachment.
 */
import type { RecordBuilder } from './builder';
import { RADIOLOGIST_ID } from './builder';
import { LOINC, SNOMED } from './codes';
import type { Concept } from './codes';
import { minimalPdf } from './attachments';

const DICOM_MODALITY = 'http://dicom.nema.org/resources/ontology/DCM';
const SOP_CLASS: Record<string, string> = {
  DX: '1.2.840.10008.5.1.4.1.1.1.1',
  CT: '1.2.840.10008.5.1.4.1.1.2',
  MR: '1.2.840.10008.5.1.4.1.1.4',
  US: '1.2.840.10008.5.1.4.1.1.6.1',
};
const MODALITY_DISPLAY: Record<string, string> = {
  DX: 'Digital Radiography',
  CT: 'Computed Tomography',
  MR: 'Magnetic Resonance',
  US: 'Ultrasound',
};

export interface ImagingSpec {
  modality: 'DX' | 'CT' | 'MR' | 'US';
  bodySite: Concept;
  description: string;
  /** Instances per series; its length is the number of series. */
  instancesPerSeries: number[];
  reportCode: Concept;
  conclusion: string;
}

/** Adds an ImagingStudy and its radiology DiagnosticReport; returns both ids. */
export function addImagingStudy(
  b: RecordBuilder,
  when: string,
  spec: ImagingSpec,
  studyIndex: number,
): { studyId: string; reportId: string } {
  const studyId = b.newId('img');
  const reportId = b.newId('report');
  const uidRoot = `1.2.826.0.1.3680043.8.498.${1000 + studyIndex}`;
  const total = spec.instancesPerSeries.reduce((a, n) => a + n, 0);
  b.add(
    {
      resourceType: 'ImagingStudy',
      id: studyId,
      identifier: [{ system: 'urn:dicom:uid', value: `urn:oid:${uidRoot}` }],
      status: 'available',
      modality: [
        { system: DICOM_MODALITY, code: spec.modality, display: MODALITY_DISPLAY[spec.modality] },
      ],
      subject: b.subject,
      started: when,
      referrer: { reference: `Practitioner/${b.practitionerId}` },
      interpreter: [{ reference: `Practitioner/${RADIOLOGIST_ID}` }],
      numberOfSeries: spec.instancesPerSeries.length,
      numberOfInstances: total,
      description: spec.description,
      series: spec.instancesPerSeries.map((count, s) => ({
        uid: `${uidRoot}.${s + 1}`,
        number: s + 1,
        modality: {
          system: DICOM_MODALITY,
          code: spec.modality,
          display: MODALITY_DISPLAY[spec.modality],
        },
        description: `${spec.description} series ${s + 1}`,
        numberOfInstances: count,
        bodySite: { system: SNOMED, code: spec.bodySite.code, display: spec.bodySite.display },
        instance: Array.from({ length: count }, (_, i) => ({
          uid: `${uidRoot}.${s + 1}.${i + 1}`,
          sopClass: {
            system: 'urn:ietf:rfc:3986',
            code: `urn:oid:${SOP_CLASS[spec.modality] ?? ''}`,
          },
          number: i + 1,
        })),
      })),
    },
    when,
  );
  b.add(
    {
      resourceType: 'DiagnosticReport',
      id: reportId,
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml"><h3>${spec.reportCode.display}</h3><p>${spec.conclusion}</p></div>`,
      },
      status: 'final',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0074',
              code: 'RAD',
              display: 'Radiology',
            },
          ],
        },
      ],
      code: {
        coding: [{ system: LOINC, code: spec.reportCode.code, display: spec.reportCode.display }],
        text: spec.reportCode.display,
      },
      subject: b.subject,
      effectiveDateTime: when,
      issued: when,
      performer: [{ reference: `Practitioner/${RADIOLOGIST_ID}` }],
      imagingStudy: [{ reference: `ImagingStudy/${studyId}` }],
      conclusion: spec.conclusion,
      presentedForm: [
        {
          contentType: 'application/pdf',
          title: `${spec.reportCode.display} report`,
          data: minimalPdf([
            spec.reportCode.display,
            `Date: ${when.slice(0, 10)}`,
            `Findings: ${spec.description}`,
            `Conclusion: ${spec.conclusion}`,
          ]),
        },
      ],
    },
    when,
  );
  return { studyId, reportId };
}

export interface DocumentSpec {
  type: Concept;
  title: string;
  contentType: 'text/plain' | 'application/pdf' | 'image/png';
  data: string;
}

export function addDocument(b: RecordBuilder, when: string, spec: DocumentSpec): string {
  const id = b.newId('doc');
  b.add(
    {
      resourceType: 'DocumentReference',
      id,
      status: 'current',
      type: {
        coding: [{ system: LOINC, code: spec.type.code, display: spec.type.display }],
        text: spec.type.display,
      },
      category: [
        {
          coding: [
            {
              system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
              code: 'clinical-note',
              display: 'Clinical Note',
            },
          ],
        },
      ],
      subject: b.subject,
      date: when,
      author: [{ reference: `Practitioner/${b.practitionerId}` }],
      description: spec.title,
      content: [
        {
          attachment: {
            contentType: spec.contentType,
            language: 'en',
            title: spec.title,
            creation: when,
            size:
              Math.floor((spec.data.length * 3) / 4) -
              (spec.data.endsWith('==') ? 2 : spec.data.endsWith('=') ? 1 : 0),
            data: spec.data,
          },
        },
      ],
    },
    when,
  );
  return id;
}

export const DOC_TYPES = {
  progressNote: { code: '11506-3', display: 'Progress note' },
  dischargeSummary: { code: '18842-5', display: 'Discharge summary' },
  consultNote: { code: '11488-4', display: 'Consult note' },
  episodeSummary: { code: '34133-9', display: 'Summary of episode note' },
} as const satisfies Record<string, Concept>;

export const IMAGING = {
  chest: { code: '51185008', display: 'Thoracic structure' },
  heart: { code: '80891009', display: 'Heart structure' },
  brain: { code: '12738006', display: 'Brain structure' },
  chestXrayReport: { code: '36643-5', display: 'XR Chest 2 Views' },
  chestCtReport: { code: '24627-2', display: 'CT Chest' },
  echoReport: { code: '34552-0', display: 'Cardiac 2D echo panel' },
  brainMrReport: { code: '24590-2', display: 'MR Brain' },
} as const satisfies Record<string, Concept>;
