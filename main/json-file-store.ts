/**
 * A JSON file that is replaced atomically: write a temporary file beside it, flush it to
 * disk, then rename over the old one. A crash mid-write leaves the previous file intact,
 * never a half-written one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface JsonFileStore {
  /** The parsed file, or `undefined` when it does not exist. Throws on unreadable JSON. */
  read(): Promise<unknown>;
  /** Replace the file with `value` as JSON. Writes are serialized in call order. */
  write(value: unknown): Promise<void>;
}

/** Read a JSON file; `undefined` when missing, an Error naming the file when malformed. */
export async function readJsonFile(filePath: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${filePath} is not valid JSON: ${reason}`);
  }
}

/**
 * `mode` defaults to 0o600: these files hold secrets or settings of one user. `indent` pretty-
 * prints files people also edit by hand (the user's `config.json`).
 */
export function createJsonFileStore(
  filePath: string,
  mode = 0o600,
  options: { indent?: number } = {},
): JsonFileStore {
  let queue: Promise<void> = Promise.resolve();
  return {
    read: () => readJsonFile(filePath),
    write(value) {
      const next = queue.then(() => writeAtomically(filePath, toJson(value, options.indent), mode));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

function toJson(value: unknown, indent: number | undefined): string {
  return indent ? `${JSON.stringify(value, null, indent)}\n` : JSON.stringify(value);
}

async function writeAtomically(filePath: string, text: string, mode: number): Promise<void> {
  await mkdir(dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
