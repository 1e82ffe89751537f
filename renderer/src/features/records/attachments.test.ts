import type { DocumentReference, DiagnosticReport } from 'fhir/r4';
import {
  base64ByteLength,
  base64ToBlob,
  cleanContentType,
  attachmentLocation,
  collectAttachments,
  loadAttachment,
  viewKind,
} from './attachments';
import { fakeFhir, SERVER_URL } from './test-utils';

describe('attachments', () => {
  it('classifies content types and rejects malformed ones', () => {
    expect(viewKind('text/plain; charset=utf-8')).toBe('text');
    expect(viewKind('application/pdf')).toBe('pdf');
    expect(viewKind('image/png')).toBe('image');
    expect(viewKind('image/svg+xml')).toBe('download');
    expect(viewKind('text/html')).toBe('html');
    expect(viewKind('application/x-msdownload')).toBe('download');
    expect(cleanContentType('text/html"><script>')).toBe('application/octet-stream');
    expect(cleanContentType(undefined)).toBe('application/octet-stream');
  });

  it('computes sizes without decoding', () => {
    expect(base64ByteLength(btoa('abc'))).toBe(3);
    expect(base64ByteLength(btoa('ab'))).toBe(2);
    expect(base64ByteLength(btoa('a'))).toBe(1);
  });

  it('collects DocumentReference content and DiagnosticReport presentedForm', () => {
    const doc: DocumentReference = {
      resourceType: 'DocumentReference',
      id: 'd',
      status: 'current',
      description: 'Letter',
      content: [{ attachment: { contentType: 'application/pdf', size: 1234 } }],
    };
    const report: DiagnosticReport = {
      resourceType: 'DiagnosticReport',
      id: 'r',
      status: 'final',
      code: { text: 'CBC' },
      issued: '2020-01-01T00:00:00Z',
      presentedForm: [{ contentType: 'text/plain', data: btoa('hello') }],
    };
    const items = collectAttachments([doc], [report]);
    expect(items.map((i) => [i.title, i.contentType, i.size])).toEqual([
      ['Letter', 'application/pdf', 1234],
      ['CBC', 'text/plain', 5],
    ]);
  });

  it('decodes base64 in chunks into a Blob with the right bytes', async () => {
    const text = 'x'.repeat(700_000) + 'END';
    const blob = await base64ToBlob(btoa(text), 'text/plain');
    expect(blob.type).toBe('text/plain');
    expect(blob.size).toBe(text.length);
    expect((await blob.text()).endsWith('END')).toBe(true);
  });

  it('stops when aborted and fails on invalid base64', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(base64ToBlob(btoa('x'.repeat(10)), 'text/plain', abort.signal)).rejects.toThrow();
    await expect(base64ToBlob('@@@@', 'text/plain')).rejects.toThrow();
  });

  it("reads a Binary only from the signed-in server, never another server's Binary/42", async () => {
    const base = 'https://ehr.example/fhir';
    expect(attachmentLocation({ data: 'YQ==' }, base)).toEqual({ kind: 'inline' });
    expect(attachmentLocation({ url: 'Binary/42' }, base)).toEqual({ kind: 'binary', id: '42' });
    expect(attachmentLocation({ url: `${base}/Binary/42` }, base)).toEqual({
      kind: 'binary',
      id: '42',
    });
    const other = 'https://other.example/fhir/Binary/42';
    expect(attachmentLocation({ url: other }, base)).toEqual({ kind: 'external', url: other });
    expect(attachmentLocation({ url: `${base}/Binary/42` }, undefined)).toEqual({
      kind: 'external',
      url: `${base}/Binary/42`,
    });
    expect(attachmentLocation({ url: 'Patient/1' }, base)).toEqual({ kind: 'none' });
    expect(attachmentLocation({}, base)).toEqual({ kind: 'none' });

    const binary = { resourceType: 'Binary' as const, id: '42', contentType: 'text/plain' };
    const fhir = fakeFhir([{ ...binary, data: btoa('ours') }]);
    await expect(
      loadAttachment({ url: 'https://other.example/fhir/Binary/42' }, fhir),
    ).rejects.toThrow();
    expect(fhir.calls).toEqual([]);
    const ours = await loadAttachment({ url: `${SERVER_URL}/Binary/42` }, fhir);
    expect(await ours.text()).toBe('ours');
    expect(fhir.calls).toEqual(['read Binary/42']);
  });
});
