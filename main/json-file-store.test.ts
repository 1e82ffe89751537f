import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJsonFileStore, readJsonFile } from './json-file-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'json-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('JSON file store', () => {
  it('reads undefined for a missing file and round-trips values', async () => {
    const store = createJsonFileStore(join(dir, 'nested', 'vault.json'));
    expect(await store.read()).toBeUndefined();
    await store.write({ a: 1 });
    expect(await store.read()).toEqual({ a: 1 });
  });

  it('replaces the file without leaving temporary files, readable only by the user', async () => {
    const file = join(dir, 'vault.json');
    const store = createJsonFileStore(file);
    await Promise.all([store.write({ n: 1 }), store.write({ n: 2 }), store.write({ n: 3 })]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 3 });
    expect(await readdir(dir)).toEqual(['vault.json']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('keeps the old file when a write fails', async () => {
    const file = join(dir, 'vault.json');
    const store = createJsonFileStore(file);
    await store.write({ good: true });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(store.write(circular)).rejects.toThrow();
    expect(await store.read()).toEqual({ good: true });
    await store.write({ after: true });
    expect(await store.read()).toEqual({ after: true });
  });

  it('names the file when it is not JSON', async () => {
    const file = join(dir, 'config.json');
    await writeFile(file, '{ "servers": [ ');
    await expect(readJsonFile(file)).rejects.toThrow(/config\.json is not valid JSON/);
  });
});

describe('JSON file store for hand-edited files', () => {
  it('pretty-prints with the given indent and a final newline', async () => {
    const file = join(dir, 'config.json');
    await createJsonFileStore(file, 0o600, { indent: 2 }).write({ security: { pinUnlock: false } });
    expect(await readFile(file, 'utf8')).toBe(
      '{\n  "security": {\n    "pinUnlock": false\n  }\n}\n',
    );
  });
});
