#!/usr/bin/env node
/**
 * Electronegativity gate (issue 7, "security proven"; Electron's security checklist points to
 * the tool): scans the code that ships with @doyensec/electronegativity and fails on any HIGH
 * or MEDIUM finding that electronegativity-exceptions.json does not list with a reason.
 *
 *   node scripts/electronegativity.mjs [--input <dir>] [--exceptions <file>] [--json]
 *
 * Without --input it scans the runtime sources (main, preload, renderer, shared, server; test
 * files and fakes left out) rather than out/: findings then name the file and line a developer
 * edits, and exceptions stay valid across builds (the minified renderer bundle is one line).
 * The Electron version is the installed one (TOOLCHAIN.md: `-e 45.4.1`), and
 * AvailableSecurityFixesGlobalCheck is skipped: it needs the network and "use a current
 * Electron" is checked by main/security-checklist.test.ts.
 *
 * The gate also fails on an exception that no longer matches a finding (stale, so the file
 * stays an honest list), on a file the scanner could not parse (it would be skipped silently)
 * and on inline `eng-disable` comments (they would bypass the exceptions file).
 *
 * Exit codes: 0 passed, 1 gate failed, 2 usage or tool error.
 * The library is called through its API, not the CLI: the CLI's CSV writer truncates and
 * appends the same file concurrently (findings can be lost) and its SARIF has no severity.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Folders whose code runs in the app (server/ too: main starts the embedded services). */
const SCANNED_DIRS = ['main', 'preload', 'renderer', 'shared', 'server'];
/** What electronegativity parses (its own list, util/file.js). */
const SCANNED_FILE = /\.(js|jsx|ts|tsx|mjs|cjs|html|htm)$/i;
/** Tests and their helpers: never shipped. Erring towards scanning only adds findings. */
const TEST_ONLY =
  /(\.(test|spec)\.[cm]?[jt]sx?$)|((^|\/)(testing|__tests__)\/)|((^|\/)test-[\w-]+\.tsx?$)|(-test-support\.tsx?$)/;
const INLINE_SUPPRESSION = /eng-disable/;
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const BLOCKING_SEVERITY = 2; // MEDIUM (electronegativity's finder/attributes.js: HIGH 3, MEDIUM 2)

const exceptionSchema = z.strictObject({
  /** Electronegativity check id, e.g. OPEN_EXTERNAL_JS_CHECK. */
  check: z.string().regex(/^[A-Z0-9_]+$/),
  /** Path relative to the scanned folder (the repository root by default), `/`-separated. */
  file: z.string().min(1),
  /** The flagged line as the scanner reports it (trimmed); pins the exception to that code. */
  sample: z.string().min(1).optional(),
  /** Why the finding is acceptable, and where that is proven. */
  reason: z.string().min(20),
});
const exceptionsFileSchema = z.array(exceptionSchema);

/**
 * @typedef {z.infer<typeof exceptionSchema>} GateException
 * @typedef {{ check: string, severity: string, confidence: string, file: string,
 *   line: number, sample: string | undefined, description: string }} Finding
 * @typedef {{ name: string, value: number }} Level
 * @typedef {{ id: string, severity: Level, confidence: Level, file: string,
 *   location?: { line?: number }, sample?: string, description: string }} RawIssue
 * @typedef {{ issues: RawIssue[], errors: { file: string, message: string, tolerable: boolean }[] }} RawResult
 */

function parseArgs(argv) {
  /** @type {{ input?: string, exceptions: string, json: boolean }} */
  const options = { exceptions: join(repoRoot, 'electronegativity-exceptions.json'), json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${String(arg)} needs a value`);
      return resolve(value);
    };
    if (arg === '--input') options.input = next();
    else if (arg === '--exceptions') options.exceptions = next();
    else if (arg === '--json') options.json = true;
    else throw new UsageError(`unknown argument ${String(arg)}`);
  }
  return options;
}

class UsageError extends Error {}

/** @param {string} dir @returns {Promise<string[]>} paths relative to `dir`, `/`-separated */
async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((f) => !f.split('/').includes('node_modules') && SCANNED_FILE.test(f));
}

/** Copies the runtime sources into a temporary folder; returns it and the copied files. */
async function stageSources() {
  const stage = await mkdtemp(join(tmpdir(), 'electronegativity-'));
  const files = [];
  for (const dir of SCANNED_DIRS) {
    for (const file of await listFiles(join(repoRoot, dir))) {
      const path = `${dir}/${file}`;
      if (TEST_ONLY.test(path)) continue;
      await mkdir(dirname(join(stage, path)), { recursive: true });
      await cp(join(repoRoot, path), join(stage, path));
      files.push(path);
    }
  }
  return { stage, files };
}

async function installedElectronVersion() {
  const pkg = JSON.parse(
    await readFile(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8'),
  );
  return z.object({ version: z.string().regex(/^\d+\.\d+\.\d+/) }).parse(pkg).version;
}

/**
 * Runs the scanner on `input`. Its console chatter (translation download notice) is held back.
 * @param {string} input @param {string} electronVersion @returns {Promise<RawResult>}
 */
async function scan(input, electronVersion) {
  /** @type {unknown} */
  const module = await import('@doyensec/electronegativity');
  const run = /** @type {{ default?: unknown }} */ (module).default;
  if (typeof run !== 'function') throw new Error('unexpected @doyensec/electronegativity API');
  const log = console.log;
  console.log = () => undefined;
  try {
    return /** @type {RawResult} */ (
      await run(
        {
          input,
          customScan: [],
          excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
          isRelative: true,
          isVerbose: false,
          electronVersionOverride: electronVersion,
          parserPlugins: [],
        },
        false,
      )
    );
  } finally {
    console.log = log;
  }
}

/** @param {RawIssue} issue @returns {Finding} */
function toFinding(issue) {
  return {
    check: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: issue.file.split(sep).join('/'),
    line: issue.location?.line ?? 0,
    sample: issue.sample,
    description: issue.description,
  };
}

/**
 * The gate itself: which blocking findings an exception covers, which remain, and which
 * exceptions matched nothing.
 * @param {Finding[]} blocking @param {GateException[]} exceptions
 */
function applyExceptions(blocking, exceptions) {
  const used = new Set();
  const failures = [];
  const excepted = [];
  for (const finding of blocking) {
    const index = exceptions.findIndex(
      (e) =>
        e.check === finding.check &&
        e.file === finding.file &&
        (e.sample === undefined || e.sample === finding.sample),
    );
    if (index === -1) failures.push(finding);
    else {
      used.add(index);
      excepted.push({ ...finding, reason: exceptions[index]?.reason ?? '' });
    }
  }
  const stale = exceptions.filter((_e, i) => !used.has(i));
  return { failures, excepted, stale };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const exceptions = exceptionsFileSchema.parse(
    JSON.parse(await readFile(options.exceptions, 'utf8')),
  );
  const staged = options.input === undefined ? await stageSources() : undefined;
  const input = staged?.stage ?? options.input ?? repoRoot;
  try {
    const files = staged?.files ?? (await listFiles(input));
    const suppressed = [];
    for (const file of files) {
      if (INLINE_SUPPRESSION.test(await readFile(join(input, file), 'utf8'))) suppressed.push(file);
    }
    const result = await scan(input, await installedElectronVersion());
    const findings = result.issues.map(toFinding);
    const blocking = findings.filter(
      (f, i) => (result.issues[i]?.severity.value ?? 0) >= BLOCKING_SEVERITY,
    );
    const { failures, excepted, stale } = applyExceptions(blocking, exceptions);
    const unparsed = result.errors
      .filter((e) => !e.tolerable)
      .map((e) => ({ file: relative(input, e.file).split(sep).join('/'), message: e.message }));
    const report = {
      passed: failures.length + stale.length + unparsed.length + suppressed.length === 0,
      scannedFiles: files.length,
      failures,
      excepted,
      stale,
      unparsed,
      suppressed,
      belowThreshold: findings.length - blocking.length,
    };
    if (options.json) console.log(JSON.stringify(report, null, 2));
    else printReport(report);
    return report.passed ? 0 : 1;
  } finally {
    if (staged) await rm(staged.stage, { recursive: true, force: true });
  }
}

function printReport(report) {
  const line = (f) => `${f.check} ${f.severity} ${f.file}:${f.line}  ${f.sample ?? ''}`;
  for (const f of report.failures) console.log(`FAIL      ${line(f)}`);
  for (const e of report.stale) console.log(`STALE     ${e.check} ${e.file}  ${e.sample ?? ''}`);
  for (const u of report.unparsed) console.log(`UNPARSED  ${u.file}: ${u.message}`);
  for (const s of report.suppressed) console.log(`ENG-DISABLE ${s} (use the exceptions file)`);
  console.log(
    `electronegativity: ${report.scannedFiles} files, ${report.failures.length} unexcepted ` +
      `HIGH/MEDIUM, ${report.excepted.length} excepted, ${report.stale.length} stale ` +
      `exceptions, ${report.belowThreshold} below MEDIUM → ${report.passed ? 'passed' : 'FAILED'}`,
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(
      `electronegativity gate: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 2;
  },
);
