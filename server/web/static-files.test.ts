import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStaticFile } from './static-files';

describe('readStaticFile', () => {
  let root: string;
  beforeAll(async () => {
    const base = await mkdtemp(join(tmpdir(), 'web-static-'));
    root = join(base, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(base, 'secret.txt'), 'outside the root');
  });

  it('serves index.html for / and files with their content type', async () => {
    expect((await readStaticFile(root, '/'))?.contentType).toBe('text/html; charset=utf-8');
    const js = await readStaticFile(root, '/assets/app.js');
    expect(js?.contentType).toBe('text/javascript; charset=utf-8');
    expect(js?.body.toString()).toBe('console.log(1)');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
  ])('refuses to leave the root: %s', async (path) => {
    expect(await readStaticFile(root, path)).toBeUndefined();
  });

  it('answers undefined for folders, missing files, bad escapes and NUL bytes', async () => {
    expect(await readStaticFile(root, '/assets')).toBeUndefined();
    expect(await readStaticFile(root, '/missing.js')).toBeUndefined();
    expect(await readStaticFile(root, '/%E0%A4%A')).toBeUndefined();
    expect(await readStaticFile(root, '/index.html%00.js')).toBeUndefined();
  });
});
