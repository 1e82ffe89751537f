/**
 * Main's log (issue 7 item 7): electron-log writing to `<userData>/logs/main.log`, size-limited,
 * with a hook that redacts patient identifiers and credentials from every message before any
 * transport (file or console) sees it.
 *
 * Logs leave the machine (support tickets, IT collecting them), so they must not carry what
 * identifies a patient or lets someone act as the clinician. The hook formats the message to
 * one string first (so an identifier split across arguments or hidden in an object or an
 * Error's stack is caught too) and then applies {@link redactLogText}.
 * @see https://github.com/megahertz/electron-log/blob/master/docs/extend.md#hooks
 */
import { join } from 'node:path';
import { formatWithOptions } from 'node:util';
import type { Hook, LogMessage, NodeLogger } from 'electron-log';

const REDACTED = '[redacted]';

/** Query parameters whose values identify a patient or a person (FHIR search, R4 §3.1.1). */
const PERSON_PARAMS =
  'patient|subject|identifier|_id|name|family|given|birthdate|phone|email|telecom|address(?:-[a-z]+)?';
/** Parameters and fields holding credentials (OAuth 2.0, SMART, signaling tickets). */
const SECRET_KEYS =
  'access_token|refresh_token|id_token|accessToken|refreshToken|idToken|client_secret|client_assertion|code_verifier|code|state|launch|ticket|token|password|pin';
/** Object/JSON fields holding a person's name, birth date, contact or record number. */
const PERSON_FIELDS =
  'family|given|display|birthDate|birthdate|postalCode|email|phone|mrn|ssn|patientName';

/** A double- or single-quoted string (JSON, or `util.inspect` output). */
const QUOTED = `(?:"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*')`;

/**
 * Code systems whose `system|code` tokens are terminology, not people: kept so that logs stay
 * useful (`http://loinc.org|85354-9`). Identifier systems — including HL7's own `…/fhir/sid/…`
 * (national ids, SSNs) — are not in this list and are redacted.
 */
function isTerminologySystem(system: string): boolean {
  const lower = system.toLowerCase();
  if (lower.includes('/sid/')) return false;
  return (
    /^https?:\/\/(loinc\.org|snomed\.info|unitsofmeasure\.org|terminology\.hl7\.org|hl7\.org\/fhir|www\.whocc\.no|www\.nlm\.nih\.gov|fhir\.de\/codesystem)/.test(
      lower,
    ) ||
    lower.startsWith('urn:iso:std:iso:') ||
    lower.startsWith('urn:ietf:bcp:')
  );
}

/**
 * `code` is both OAuth's authorization code and FHIR's code search parameter / Coding field:
 * a `system|code` token or a code made of digits, dots and dashes (LOINC `85354-9`, SNOMED
 * `38341003`) is terminology and kept; anything else under `code` is treated as a credential.
 */
function isClinicalCode(key: string, value: string): boolean {
  return key.toLowerCase() === 'code' && (/\||%7C/i.test(value) || /^[\d.-]{1,20}$/.test(value));
}

function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

type Rule = readonly [RegExp, string | ((match: string, ...groups: string[]) => string)];

/**
 * The redaction rules, in order: credentials first (a JWT contains dots and letters other
 * rules could half-match), then search parameters, identifiers, references and routes,
 * structured fields, and finally e-mail addresses and phone numbers anywhere in the text.
 */
const RULES: readonly Rule[] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [
    new RegExp(`(^|[?&#;\\s])(${SECRET_KEYS})=([^&\\s#"';,]+)`, 'gi'),
    (match, before = '', key = '', value = '') =>
      isClinicalCode(key, value) ? match : `${before}${key}=${REDACTED}`,
  ],
  [
    new RegExp(`(["']?\\b(${SECRET_KEYS})["']?\\s*:\\s*)(${QUOTED})`, 'gi'),
    (match, prefix = '', key = '', quoted = '') =>
      isClinicalCode(key, quoted.slice(1, -1)) ? match : `${prefix}'${REDACTED}'`,
  ],
  [
    new RegExp(`(^|[?&\\s])((?:${PERSON_PARAMS})(?:[:.][\\w:.-]*)?=)[^&\\s#"';]*`, 'gi'),
    `$1$2${REDACTED}`,
  ],
  [
    /((?:https?|urn|oid):[^\s|&"'<>?=]*?)(\||%7C)([^\s&"',;)\]}]+)/gi,
    (match, system = '', pipe = '') =>
      isTerminologySystem(system) ? match : `${system}${pipe}${REDACTED}`,
  ],
  // An optional space: `log.info('opening', 'Patient/', id)` formats as `Patient/ 123`.
  [/\b(Patient|Person|RelatedPerson)\/ ?[A-Za-z0-9\-.]{1,64}/g, '$1/[id]'],
  [/(#\/patient\/)[^/\s?#"']+/gi, '$1[id]'],
  [
    /(["']?resourceType["']?\s*:\s*["'](?:Patient|Person|RelatedPerson)["']\s*,\s*["']?id["']?\s*:\s*)(["'])[^"']*\2/g,
    `$1'[id]'`,
  ],
  [
    new RegExp(`(["']?\\b(?:${PERSON_FIELDS})["']?\\s*:\\s*)(${QUOTED}|\\[[^\\]]*\\])`, 'g'),
    `$1'${REDACTED}'`,
  ],
  // `name` as a plain string (a HumanName array is covered by family/given above).
  [new RegExp(`(["']?\\bname["']?\\s*:\\s*)${QUOTED}`, 'g'), `$1'${REDACTED}'`],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/\btel:[+\d().\s/-]+\d/gi, 'tel:[phone]'],
  // International numbers: +41 79 123 45 67, +1 (555) 123-4567.
  [
    /(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?![\w])/g,
    (match) => (digitCount(match) >= 8 && digitCount(match) <= 15 ? '[phone]' : match),
  ],
  // National numbers with a trunk 0 or in (555) 123-4567 form: 030 12345678, 0171-2345678.
  [
    /(?<![\w.:/+-])(?:\(?0\d{1,4}\)?[\s/-]?\d{3,4}[\s-]?\d{2,4}(?:[\s-]?\d{2,4})?|\(\d{3}\)\s?\d{3}-\d{4})(?![\w.:/-])/g,
    (match) => (digitCount(match) >= 8 && digitCount(match) <= 13 ? '[phone]' : match),
  ],
];

/**
 * Remove patient identifiers and credentials from one log line. Best effort by pattern: a
 * patient's name in free prose cannot be recognised, which is why the app logs references
 * and ids, never names, and why this runs on every line anyway.
 */
export function redactLogText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of RULES) {
    result =
      typeof replacement === 'string'
        ? result.replace(pattern, replacement)
        : result.replace(pattern, replacement);
  }
  return result;
}

/** Format a message's arguments as the file transport would, on one line. */
function formatData(data: readonly unknown[]): string {
  return formatWithOptions({ depth: 5, breakLength: Infinity, colors: false }, ...data);
}

/**
 * The electron-log hook: every message, on every transport, leaves with its arguments
 * replaced by one redacted string. A hook that threw would lose the message; a failure is
 * turned into a placeholder instead.
 */
export const redactionHook: Hook = (message: LogMessage): LogMessage => {
  let text: string;
  try {
    text = redactLogText(formatData(message.data));
  } catch {
    text = '[unloggable message]';
  }
  return { ...message, data: [text] };
};

export interface LogOptions {
  /** Folder of the log files (index.ts: `<userData>/logs`). */
  dir: string;
  /** `app.getName()`: electron-log/node would otherwise look for a package.json to name it. */
  appName: string;
  /** Size at which main.log is rotated to main.old.log (so at most twice this on disk). */
  maxBytes?: number;
  /** Also print to the terminal (development); the hook redacts there too. */
  console?: boolean;
}

/** Default rotation size: 2 MB → at most 4 MB of logs. */
export const LOG_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Configure an electron-log instance and return the one-line logger main's modules take as
 * `log`. index.ts passes `electron-log/node`, not `electron-log/main`: the main entry registers
 * its own `ipcMain` handler (`__ELECTRON_LOG__`) for renderer logging, a channel outside the
 * app's IPC contract that this app does not want; main's own logging needs none of it.
 */
export function configureLog(logger: NodeLogger, options: LogOptions): (line: string) => void {
  if (!logger.hooks.includes(redactionHook)) logger.hooks.push(redactionHook);
  const file = logger.transports.file;
  file.setAppName(options.appName);
  file.level = 'info';
  file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  file.resolvePathFn = () => join(options.dir, 'main.log');
  // Readable by the user only; electron-log's default would be 0666 before the umask.
  file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  logger.transports.console.level = options.console === false ? false : 'info';
  return (line: string) => {
    logger.info(line);
  };
}
