/**
 * "Print" in Electron: the current view as an A4 PDF, saved where the user picks. Printing
 * through the OS dialog from a sandboxed renderer is unreliable across desktops, and a PDF is
 * what clinicians attach to a referral or hand to a patient. What shows is decided by the
 * page's print CSS (`@media print`), exactly as with `window.print()` in the browser host.
 * @see https://www.electronjs.org/docs/latest/api/web-contents#contentsprinttopdfoptions
 */
import { join } from 'node:path';
import type { InvokeResponse } from '../shared/ipc/contract';

/** The slice of `WebContents` used here; the real one satisfies it. */
export interface PrintableContents {
  printToPDF(options: {
    printBackground: boolean;
    pageSize: 'A4';
    generateTaggedPDF: boolean;
    generateDocumentOutline: boolean;
  }): Promise<Uint8Array>;
}

export interface SaveDialogLike {
  /** `dialog.showSaveDialog(window, options)` bound to the app window. */
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    filters: { name: string; extensions: string[] }[];
    properties: ('createDirectory' | 'showOverwriteConfirmation')[];
  }): Promise<{ canceled: boolean; filePath?: string }>;
}

export interface PrintDeps {
  /** The app window's contents; `undefined` when there is no window to print. */
  getContents: () => PrintableContents | undefined;
  dialog: SaveDialogLike;
  /** Folder the dialog opens in (`app.getPath('documents')`). */
  defaultDir: () => string;
  /** Write the PDF (`fs.promises.writeFile` with mode 0o600). */
  writeFile: (path: string, data: Uint8Array) => Promise<void>;
  log: (line: string) => void;
}

/**
 * Render the view to PDF first (so it shows what the clinician saw when they pressed
 * Print), then ask where to save it. Cancelling the dialog is an answer, not an error.
 * File names and paths are not logged: they often carry the patient's name.
 */
export async function printViewToPdf(
  deps: PrintDeps,
  suggestedFileName: string,
): Promise<InvokeResponse<'print:view'>> {
  const contents = deps.getContents();
  if (!contents) throw new Error('There is no window to print');
  const pdf = await contents.printToPDF({
    printBackground: true,
    pageSize: 'A4',
    // Tagged PDF and an outline from the headings: readable with a screen reader.
    generateTaggedPDF: true,
    generateDocumentOutline: true,
  });
  const choice = await deps.dialog.showSaveDialog({
    title: 'Save as PDF',
    defaultPath: join(deps.defaultDir(), pdfFileName(suggestedFileName)),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return 'cancelled';
  const target = /\.pdf$/i.test(choice.filePath) ? choice.filePath : `${choice.filePath}.pdf`;
  await deps.writeFile(target, pdf);
  deps.log(`[print] saved a PDF of ${String(pdf.byteLength)} bytes`);
  return 'saved';
}

/**
 * A file name every desktop accepts: characters Windows forbids (`<>:"/\|?*`), control
 * characters and leading/trailing dots and spaces are replaced; `.pdf` is added when missing.
 */
export function pdfFileName(suggested: string): string {
  const cleaned = suggested
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    .replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 200);
  const base = cleaned === '' ? 'workstation' : cleaned;
  return /\.pdf$/i.test(base) ? base : `${base}.pdf`;
}
