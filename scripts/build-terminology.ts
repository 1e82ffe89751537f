/**
 * Builds the offline terminology pack from the source tables:
 * `resources/terminology/source/*.tsv` → `resources/terminology/pack.json`.
 *
 *   npm run terminology            validate the tables and write the pack
 *   npm run terminology -- --check validate and fail if the checked-in pack is stale
 *
 * The pack is checked in so the app needs no build step at start; a unit test fails when it
 * no longer matches the tables. Errors are printed as `file:line: message` and exit with 1.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import {
  PACK_FORMAT,
  TerminologyPackSchema,
  type TerminologyPack,
} from '../shared/terminology/pack';
import {
  formatTableError,
  packSystemsOf,
  parseSourceTables,
  type SourceRow,
  type TableError,
} from '../shared/terminology/source-table';
import { TERMINOLOGY_SYSTEMS } from '../shared/terminology/systems';

export const TERMINOLOGY_DIR = fileURLToPath(new URL('../resources/terminology/', import.meta.url));
export const SOURCE_DIR = path.join(TERMINOLOGY_DIR, 'source');
export const PACK_PATH = path.join(TERMINOLOGY_DIR, 'pack.json');

export type BuildResult =
  { ok: true; pack: TerminologyPack; rows: SourceRow[] } | { ok: false; errors: TableError[] };

/** Reads every `.tsv` in `dir` (sorted by name) as `{ file, text }`. */
export async function readSourceTables(
  dir = SOURCE_DIR,
): Promise<{ file: string; text: string }[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.tsv')).sort();
  return Promise.all(
    names.map(async (file) => ({ file, text: await readFile(path.join(dir, file), 'utf8') })),
  );
}

/** Validates the tables and assembles the pack; the version is a hash of its content. */
export function buildPack(files: readonly { file: string; text: string }[]): BuildResult {
  const table = parseSourceTables(files);
  if (table.errors.length > 0) return { ok: false, errors: table.errors };
  if (table.rows.length === 0) {
    return { ok: false, errors: [{ file: '(tables)', line: 0, message: 'no rows' }] };
  }
  const systems = packSystemsOf(table.rows);
  const digest = createHash('sha256')
    .update(JSON.stringify({ languages: table.languages, systems }))
    .digest('hex');
  const pack: TerminologyPack = {
    format: PACK_FORMAT,
    version: `sha256-${digest.slice(0, 16)}`,
    sources: files.map((f) => f.file),
    languages: table.languages,
    systems,
  };
  // The schema the app reads with: a pack the build writes must always load.
  TerminologyPackSchema.parse(pack);
  return { ok: true, pack, rows: table.rows };
}

/** The pack as written to disk: JSON formatted by the repository's Prettier settings. */
export async function renderPackJson(pack: TerminologyPack): Promise<string> {
  const options = (await prettier.resolveConfig(PACK_PATH)) ?? {};
  return prettier.format(JSON.stringify(pack), { ...options, parser: 'json' });
}

/** Codes per system and, per language, the share of codes with a designation. */
export function packStats(pack: TerminologyPack): {
  bySystem: { system: string; label: string; codes: number }[];
  byLanguage: { lang: string; filled: number; percent: number }[];
  total: number;
} {
  const entries = Object.values(pack.systems).flatMap((codes) => Object.values(codes));
  const total = entries.length;
  return {
    bySystem: Object.entries(pack.systems).map(([system, codes]) => ({
      system,
      label: TERMINOLOGY_SYSTEMS.get(system)?.label ?? system,
      codes: Object.keys(codes).length,
    })),
    byLanguage: pack.languages.map((lang) => {
      const filled = entries.filter((d) => d[lang] !== undefined).length;
      return { lang, filled, percent: total === 0 ? 0 : Math.round((filled / total) * 1000) / 10 };
    }),
    total,
  };
}

function printStats(pack: TerminologyPack): void {
  const stats = packStats(pack);
  console.log(`terminology pack ${pack.version}: ${stats.total} codes`);
  for (const s of stats.bySystem) console.log(`  ${s.label.padEnd(20)} ${s.codes}`);
  console.log(`  languages: ${stats.byLanguage.map((l) => `${l.lang} ${l.percent}%`).join(', ')}`);
}

/** CLI entry: returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const built = buildPack(await readSourceTables());
  if (!built.ok) {
    for (const e of built.errors) console.error(formatTableError(e));
    console.error(`${built.errors.length} error(s) in ${path.relative(process.cwd(), SOURCE_DIR)}`);
    return 1;
  }
  const json = await renderPackJson(built.pack);
  if (check) {
    const current = await readFile(PACK_PATH, 'utf8').catch(() => '');
    if (current !== json) {
      console.error(`${PACK_PATH} is stale: run npm run terminology`);
      return 1;
    }
  } else {
    await writeFile(PACK_PATH, json, 'utf8');
  }
  printStats(built.pack);
  return 0;
}

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(invokedPath).href) {
  process.exitCode = await main(process.argv.slice(2));
}
