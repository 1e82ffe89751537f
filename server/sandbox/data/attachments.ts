/**
 * Attachment payloads built in code: a minimal valid PDF (hand-written objects with a correct
 * xref table), a small PNG, and a ~1 MB plain-text export for UI-freeze tests. All returned
 * as base64 for `Attachment.data`.
 */
import { deflateSync } from 'node:zlib';
import type { Rng } from './prng';

/** A one-page PDF 1.4 showing `lines` in Helvetica. */
export function minimalPdf(lines: readonly string[]): string {
  const esc = (s: string): string =>
    s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const text = lines
    .map((l, i) => `BT /F1 12 Tf 72 ${720 - i * 18} Td (${esc(l)}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1').toString('base64');
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A small RGB PNG: a soft gradient, like a thumbnail of a wound photo or a scan. */
export function smallPng(width = 32, height = 32): string {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = 200 + Math.round((x / width) * 55);
      raw[row + 2 + x * 3] = 120 + Math.round((y / height) * 80);
      raw[row + 3 + x * 3] = 110;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return png.toString('base64');
}

export function textNote(lines: readonly string[]): string {
  return Buffer.from(lines.join('\n') + '\n', 'utf8').toString('base64');
}

/**
 * About 1 MB of plain text (a Holter ECG beat-by-beat export), deterministic from the rng.
 * Base64 makes it ~1.33 MB in the JSON: the UI must not freeze showing it.
 */
export function largeHolterExport(rng: Rng, targetBytes = 1_000_000): string {
  const lines = ['Holter ECG export (24 h), beat-by-beat RR intervals', 'time_ms,rr_ms,beat_class'];
  let size = lines.join('\n').length;
  let t = 0;
  while (size < targetBytes) {
    const rr = Math.round(rng.normal(850, 60));
    t += rr;
    const line = `${t},${rr},${rng.float() < 0.01 ? 'V' : 'N'}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n'), 'utf8').toString('base64');
}
