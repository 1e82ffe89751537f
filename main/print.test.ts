import { describe, expect, it, vi } from 'vitest';
import { pdfFileName, printViewToPdf, type PrintDeps } from './print';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]); // "%PDF-"

function deps(
  answer: { canceled: boolean; filePath?: string },
  overrides: Partial<PrintDeps> = {},
) {
  const printToPDF = vi.fn(() => Promise.resolve(PDF));
  const showSaveDialog = vi.fn(() => Promise.resolve(answer));
  const writeFile = vi.fn((_path: string, _data: Uint8Array) => Promise.resolve());
  const log = vi.fn();
  const all: PrintDeps = {
    getContents: () => ({ printToPDF }),
    dialog: { showSaveDialog },
    defaultDir: () => '/home/dr/Documents',
    writeFile,
    log,
    ...overrides,
  };
  return { all, printToPDF, showSaveDialog, writeFile, log };
}

describe('printViewToPdf', () => {
  it('prints A4 with backgrounds, asks where, and writes the PDF there', async () => {
    const d = deps({ canceled: false, filePath: '/home/dr/Documents/report.pdf' });
    await expect(printViewToPdf(d.all, 'Monitoring report 2026-11-22')).resolves.toBe('saved');
    expect(d.printToPDF).toHaveBeenCalledWith({
      printBackground: true,
      pageSize: 'A4',
      generateTaggedPDF: true,
      generateDocumentOutline: true,
    });
    expect(d.showSaveDialog).toHaveBeenCalledWith({
      title: 'Save as PDF',
      defaultPath: '/home/dr/Documents/Monitoring report 2026-11-22.pdf',
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    expect(d.writeFile).toHaveBeenCalledExactlyOnceWith('/home/dr/Documents/report.pdf', PDF);
    expect(d.printToPDF.mock.invocationCallOrder[0]).toBeLessThan(
      d.showSaveDialog.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('answers cancelled and writes nothing when the dialog is closed', async () => {
    const d = deps({ canceled: true, filePath: '' });
    await expect(printViewToPdf(d.all, 'x')).resolves.toBe('cancelled');
    const empty = deps({ canceled: false, filePath: '' });
    await expect(printViewToPdf(empty.all, 'x')).resolves.toBe('cancelled');
    expect(d.writeFile).not.toHaveBeenCalled();
    expect(empty.writeFile).not.toHaveBeenCalled();
  });

  it('adds .pdf when the user typed a name without it', async () => {
    const d = deps({ canceled: false, filePath: '/tmp/report' });
    await printViewToPdf(d.all, 'x');
    expect(d.writeFile).toHaveBeenCalledWith('/tmp/report.pdf', PDF);
  });

  it('never logs the file name or path (they may name the patient)', async () => {
    const d = deps({ canceled: false, filePath: '/home/dr/Eva Lind.pdf' });
    await printViewToPdf(d.all, 'Eva Lind');
    expect(d.log).toHaveBeenCalledExactlyOnceWith('[print] saved a PDF of 5 bytes');
  });

  it('fails without a window, and passes print and write errors on', async () => {
    await expect(
      printViewToPdf(deps({ canceled: true }, { getContents: () => undefined }).all, 'x'),
    ).rejects.toThrow('There is no window to print');
    const failing = deps({ canceled: false, filePath: '/ro/x.pdf' });
    failing.writeFile.mockRejectedValueOnce(new Error('EACCES: permission denied'));
    await expect(printViewToPdf(failing.all, 'x')).rejects.toThrow('EACCES');
  });
});

describe('pdfFileName', () => {
  it.each([
    ['Report', 'Report.pdf'],
    ['report.PDF', 'report.PDF'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a_b_c_d_e_f_g_h_i_j.pdf'],
    ['tab\there', 'tab_here.pdf'],
    ['  ..hidden.  ', 'hidden.pdf'],
    ['...', 'workstation.pdf'],
    ['x'.repeat(300), `${'x'.repeat(200)}.pdf`],
  ])('%j → %j', (input, expected) => {
    expect(pdfFileName(input)).toBe(expected);
  });
});
