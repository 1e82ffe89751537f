/**
 * Crash-safe file primitives for the sandbox's state folder. A `kill -9` (or power loss) at any
 * instant leaves either the old or the new content of a file, never a mix.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Creates the folder (and parents) with owner-only access: it holds a private signing key.
 * Removes temp files a kill left behind mid-`writeFileAtomic` (their target is intact).
 */
export function ensureStateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(dir))
    if (name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
}

/** Flushes a folder's entry list, so a new or renamed file inside survives a power loss. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or fsync a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes `text` to `path` atomically and durably: temp file, fsync, rename over the target,
 * fsync the folder. Synchronous on purpose: callers persist state before they answer a request,
 * and no other request may interleave between the change and its record.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o600): void {
  const temp = `${path}.${String(process.pid)}.tmp`;
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDir(dirname(path));
}
