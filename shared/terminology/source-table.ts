/**
 * The source tables of the terminology pack: tab-separated text kept in the repository, one row
 * per system + code. Parsing is pure (text in, rows and line-numbered errors out) so the build
 * script, its tests and any editor tooling share one definition of a valid table.
 *
 * Format: `#` lines and blank lines are ignored; the first other line is the header
 * `system code <lang>… origin note`, whose language columns start with `en`. Every cell is
 * taken literally (no quoting), so a designation may contain commas and quotes but no tab.
 */
import { z } from 'zod';
import { PackLanguageSchema, type Designations } from './pack';
import { TERMINOLOGY_SYSTEMS } from './systems';

/** Why a row is in the table: the sandbox generator uses it, a shared IPS fixture does, or it
 * is frequent IPS content (chronic conditions, allergens, common medicines, vaccines…). */
export const ROW_ORIGINS = ['sandbox', 'fixture', 'ips-common'] as const;
export type RowOrigin = (typeof ROW_ORIGINS)[number];

export interface SourceRow {
  file: string;
  line: number;
  system: string;
  code: string;
  designations: Designations;
  origin: RowOrigin[];
  note: string;
}

export interface TableError {
  file: string;
  line: number;
  message: string;
}

export interface ParsedTable {
  languages: string[];
  rows: SourceRow[];
  errors: TableError[];
}

const Cell = z
  .string()
  .refine((s) => s === s.trim(), 'has leading or trailing spaces')
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'contains a control character');

const Row = z.object({
  system: Cell.pipe(
    z.string().refine((s) => TERMINOLOGY_SYSTEMS.has(s), 'unknown system URI (see systems.ts)'),
  ),
  code: Cell.pipe(z.string().min(1, 'empty code')),
  en: Cell.pipe(z.string().min(1, 'empty en designation')),
  origin: z
    .string()
    .min(1, 'empty origin')
    .transform((s) => s.split(/\s+/))
    .pipe(z.array(z.enum(ROW_ORIGINS, { message: `origin must be ${ROW_ORIGINS.join(', ')}` }))),
  note: Cell,
});

function parseHeader(cells: string[]): { languages: string[] } | { error: string } {
  const [system, code, ...rest] = cells;
  const note = rest.pop();
  const origin = rest.pop();
  if (system !== 'system' || code !== 'code' || origin !== 'origin' || note !== 'note') {
    return { error: 'header must be: system, code, <languages…>, origin, note' };
  }
  if (rest[0] !== 'en') return { error: 'the first language column must be en' };
  const bad = rest.find((l) => !PackLanguageSchema.safeParse(l).success);
  if (bad !== undefined) return { error: `"${bad}" is not a primary language subtag` };
  if (new Set(rest).size !== rest.length) return { error: 'a language column is repeated' };
  return { languages: rest };
}

/**
 * Parses one table file. `languages` is the header's language list, or undefined when the
 * header itself is broken (reported in `errors`).
 */
export function parseSourceTable(
  file: string,
  text: string,
): { languages?: string[]; rows: SourceRow[]; errors: TableError[] } {
  const rows: SourceRow[] = [];
  const errors: TableError[] = [];
  let languages: string[] | undefined;
  let width = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const cells = raw.split('\t');
    if (languages === undefined && width === 0) {
      const header = parseHeader(cells);
      width = cells.length;
      if ('error' in header) errors.push({ file, line, message: header.error });
      else languages = header.languages;
      return;
    }
    if (languages === undefined) return; // header broken: rows cannot be read
    if (cells.length !== width) {
      errors.push({ file, line, message: `expected ${width} columns, found ${cells.length}` });
      return;
    }
    const [system = '', code = '', ...rest] = cells;
    const note = rest.pop() ?? '';
    const origin = rest.pop() ?? '';
    const parsed = Row.safeParse({ system, code, en: rest[0] ?? '', origin, note });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ file, line, message: `${issue.path.join('.') || 'row'}: ${issue.message}` });
      }
      return;
    }
    const checked = TERMINOLOGY_SYSTEMS.get(parsed.data.system)?.checkCode(parsed.data.code);
    if (checked) {
      errors.push({ file, line, message: `code ${parsed.data.code}: ${checked}` });
      return;
    }
    const designations: Designations = { en: parsed.data.en };
    const before = errors.length;
    languages.forEach((lang, j) => {
      const value = rest[j] ?? '';
      const cell = Cell.safeParse(value);
      if (!cell.success) {
        errors.push({ file, line, message: `${lang}: ${cell.error.issues[0]?.message ?? ''}` });
      } else if (value !== '') designations[lang] = value;
    });
    if (errors.length > before) return;
    rows.push({
      file,
      line,
      system: parsed.data.system,
      code: parsed.data.code,
      designations,
      origin: parsed.data.origin,
      note: parsed.data.note,
    });
  });
  if (languages === undefined && width === 0) errors.push({ file, line: 1, message: 'no header' });
  return { ...(languages ? { languages } : {}), rows, errors };
}

/**
 * Parses every table and checks what only the whole set can show: one language list across
 * files and no system + code defined twice (reported at the second place with the first).
 */
export function parseSourceTables(files: readonly { file: string; text: string }[]): ParsedTable {
  const rows: SourceRow[] = [];
  const errors: TableError[] = [];
  let languages: string[] | undefined;
  for (const { file, text } of files) {
    const one = parseSourceTable(file, text);
    errors.push(...one.errors);
    if (one.languages) {
      if (!languages) languages = one.languages;
      else if (one.languages.join() !== languages.join()) {
        errors.push({
          file,
          line: 1,
          message: `language columns ${one.languages.join(',')} differ from ${languages.join(',')}`,
        });
      }
    }
    rows.push(...one.rows);
  }
  const seen = new Map<string, SourceRow>();
  for (const row of rows) {
    const key = `${row.system}|${row.code}`;
    const first = seen.get(key);
    if (first) {
      errors.push({
        file: row.file,
        line: row.line,
        message: `duplicate ${key} (first at ${first.file}:${first.line})`,
      });
    } else seen.set(key, row);
  }
  return { languages: languages ?? [], rows: [...seen.values()], errors };
}

/** `file:line: message`, the form editors and terminals link to. */
export function formatTableError(e: TableError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

/** The pack's `systems` map, sorted by system then code so the built JSON is deterministic. */
export function packSystemsOf(
  rows: readonly SourceRow[],
): Record<string, Record<string, Designations>> {
  // Plain code-unit order, not localeCompare: the output must not depend on the machine's locale.
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...rows].sort((a, b) => cmp(a.system, b.system) || cmp(a.code, b.code));
  const out: Record<string, Record<string, Designations>> = {};
  for (const row of sorted) (out[row.system] ??= {})[row.code] = row.designations;
  return out;
}
