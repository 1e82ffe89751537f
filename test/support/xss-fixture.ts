/**
 * Writes a `--data` folder with one probe patient whose chart carries every narrative XSS
 * payload (test/support/xss-payloads.ts) on both paths that reach the narrative jail:
 * `DiagnosticReport.text.div` (report card → "Show narrative") and a `text/html`
 * `DocumentReference` attachment (Documents → "Open"). The Patient's own narrative carries one
 * more payload. Used by test/e2e/xss.spec.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, BundleEntry, DiagnosticReport, DocumentReference, Patient } from 'fhir/r4';
import { XSS_PAYLOADS, type XssPayload } from './xss-payloads';

export const PROBE_PATIENT_ID = 'xss-probe';
/** As the patient picker shows it (given + family). */
export const PROBE_PATIENT_NAME = 'Narrative Xssprobe';
/** The payload put into the Patient's own narrative (Summary tab). */
export const PATIENT_PAYLOAD: XssPayload = (() => {
  const payload = XSS_PAYLOADS.find((p) => p.name === 'svg-onload');
  if (!payload) throw new Error('payload svg-onload missing');
  return payload;
})();

/** `code.text` of the report carrying the payload; the frame title is "Narrative: <this>". */
export function reportName(payload: XssPayload): string {
  return `XSS probe ${payload.name}`;
}

/** Title of the html attachment carrying the payload; also the jail frame's title. */
export function attachmentTitle(payload: XssPayload): string {
  return `XSS attachment ${payload.name}`;
}

/** A narrative `div` as FHIR sends it: the payload inside the XHTML root element. */
function xhtmlDiv(payload: XssPayload): string {
  return `<div xmlns="http://www.w3.org/1999/xhtml">${payload.html}</div>`;
}

function put(resource: Patient | DiagnosticReport | DocumentReference): BundleEntry {
  const url = `${resource.resourceType}/${resource.id ?? ''}`;
  return { fullUrl: url, resource, request: { method: 'PUT', url } };
}

/** The transaction Bundle: the probe patient plus one report and one document per payload. */
export function buildXssBundle(): Bundle {
  const subject = { reference: `Patient/${PROBE_PATIENT_ID}` };
  const patient: Patient = {
    resourceType: 'Patient',
    id: PROBE_PATIENT_ID,
    name: [{ use: 'official', family: 'Xssprobe', given: ['Narrative'] }],
    gender: 'unknown',
    birthDate: '1970-01-01',
    text: { status: 'generated', div: xhtmlDiv(PATIENT_PAYLOAD) },
  };
  const entries: BundleEntry[] = [put(patient)];
  XSS_PAYLOADS.forEach((payload, i) => {
    const date = `2024-01-${String((i % 28) + 1).padStart(2, '0')}`;
    entries.push(
      put({
        resourceType: 'DiagnosticReport',
        id: `xss-report-${String(i)}`,
        status: 'final',
        code: { text: reportName(payload) },
        subject,
        effectiveDateTime: date,
        text: { status: 'generated', div: xhtmlDiv(payload) },
      }),
      put({
        resourceType: 'DocumentReference',
        id: `xss-document-${String(i)}`,
        status: 'current',
        subject,
        date: `${date}T12:00:00Z`,
        description: attachmentTitle(payload),
        content: [
          {
            attachment: {
              contentType: 'text/html',
              title: attachmentTitle(payload),
              data: Buffer.from(payload.html, 'utf8').toString('base64'),
            },
          },
        ],
      }),
    );
  });
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

/** A fresh temp folder holding the bundle; `remove()` deletes it. */
export async function writeXssDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'xss-e2e-'));
  await writeFile(join(dir, 'xss-probe.json'), JSON.stringify(buildXssBundle()), 'utf8');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
