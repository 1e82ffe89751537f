/**
 * Issue 7 item 1: packaging with electron-builder.yml (validated by electron-builder on the way)
 * produces an app.asar holding exactly the built main, preload and renderer (with the
 * renderer's bundled resources), package.json and the production node_modules: no tests,
 * no TypeScript, no source maps, no dev dependencies. Also checks what the same run writes
 * beside it: the flipped fuses in the binary and electron-updater's feed.
 * See stand-in-package.ts for how this runs without the Electron download (~15–30 s).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  packageWithStandInElectron,
  readFuseWire,
  repoRoot,
  type StandInPackage,
} from './stand-in-package';

let pkg: StandInPackage | undefined;
/** Files (not folders) in the archive, relative, `/`-separated. */
let files: string[] = [];

beforeAll(async () => {
  pkg = await packageWithStandInElectron();
  const asar = pkg.asarPath;
  files = listPackage(asar, { isPack: false })
    .map((p) => p.split(sep).join('/').replace(/^\//, ''))
    .filter((p) => 'size' in statFile(asar, p, false));
}, 180_000);

afterAll(async () => {
  await pkg?.remove();
});

function packaged(): StandInPackage {
  if (!pkg) throw new Error('packaging failed in beforeAll');
  return pkg;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

const lockSchema = z.looseObject({
  packages: z.record(
    z.string(),
    z.looseObject({
      name: z.string().optional(),
      version: z.string().optional(),
      dev: z.boolean().optional(),
      devOptional: z.boolean().optional(),
      optional: z.boolean().optional(),
    }),
  ),
});

/** name@version of every installed package npm does not mark as dev-only. */
async function productionPackages(): Promise<string[]> {
  const lock = lockSchema.parse(
    JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')),
  );
  const result = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || entry.dev || entry.devOptional) continue;
    if (entry.optional && !existsSync(join(repoRoot, path))) continue; // other platforms
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 13);
    result.add(`${name}@${entry.version ?? '?'}`);
  }
  return [...result].sort();
}

const PACKAGE_ROOT_MANIFEST =
  /^node_modules\/(?:(?:@[^/]+\/)?[^/]+\/node_modules\/)*(?:@[^/]+\/)?[^/]+\/package\.json$/;

describe('app.asar built from electron-builder.yml', () => {
  it('holds out/, package.json and node_modules at the top, nothing else', () => {
    expect([...new Set(files.map((f) => f.split('/')[0]))].sort()).toEqual([
      'node_modules',
      'out',
      'package.json',
    ]);
  });

  it('holds exactly the built main, preload and renderer, without source maps', async () => {
    const built = (await filesUnder(packaged().builtOutDir)).filter((f) => !f.endsWith('.map'));
    expect(built).toEqual(
      expect.arrayContaining(['main/index.js', 'preload/index.cjs', 'renderer/index.html']),
    );
    const shipped = files.filter((f) => f.startsWith('out/')).map((f) => f.slice('out/'.length));
    expect(shipped.sort()).toEqual(built.sort());
  });

  it('ships package.json without scripts or dev dependencies, pointing at the built main', async () => {
    const manifest = z
      .looseObject({ main: z.string(), dependencies: z.record(z.string(), z.string()) })
      .parse(JSON.parse(extractFile(packaged().asarPath, 'package.json').toString('utf8')));
    const source = z
      .looseObject({ dependencies: z.record(z.string(), z.string()) })
      .parse(JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')));
    expect(manifest.main).toBe('out/main/index.js');
    expect(files).toContain(manifest.main);
    expect(manifest).not.toHaveProperty('devDependencies');
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest.dependencies).toEqual(source.dependencies);
  });

  it('ships exactly the production dependencies, by name and version', async () => {
    const shipped = files
      .filter((f) => PACKAGE_ROOT_MANIFEST.test(f))
      .map((f) => {
        const m = z
          .looseObject({ name: z.string(), version: z.string() })
          .parse(JSON.parse(extractFile(packaged().asarPath, f).toString('utf8')));
        return `${m.name}@${m.version}`;
      });
    const expected = await productionPackages();
    expect([...new Set(shipped)].sort()).toEqual(expected);
    // Control: the comparison would see a dev dependency (electron-builder is one).
    expect(expected.some((p) => p.startsWith('electron-builder@'))).toBe(false);
    expect(expected.some((p) => p.startsWith('zod@'))).toBe(true);
  });

  it('contains no TypeScript, tests, test folders or source maps anywhere', () => {
    const offending = files.filter(
      (f) =>
        /\.(ts|tsx|mts|cts|map)$/.test(f) ||
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(f) ||
        /(^|\/)(test|tests|__tests__)\//.test(f),
    );
    expect(offending).toEqual([]);
  });

  it('records an integrity hash for every file (what the asar-integrity fuse verifies)', () => {
    const missing = files.filter((f) => {
      // A file entry (links and folders were filtered out above).
      const entry = statFile(packaged().asarPath, f, false) as {
        integrity?: { algorithm?: unknown; hash?: unknown };
      };
      return entry.integrity?.algorithm !== 'SHA256' || typeof entry.integrity.hash !== 'string';
    });
    expect(missing).toEqual([]);
  });

  it('flips the security fuses in the packaged binary', async () => {
    const wire = readFuseWire(await readFile(packaged().executablePath));
    expect(wire).toEqual({
      runAsNode: 'disabled',
      enableCookieEncryption: 'enabled',
      enableNodeOptionsEnvironmentVariable: 'disabled',
      enableNodeCliInspectArguments: 'disabled',
      enableEmbeddedAsarIntegrityValidation: 'enabled',
      onlyLoadAppFromAsar: 'enabled',
      loadBrowserProcessSpecificV8Snapshot: 'disabled', // not configured: Electron's default
      grantFileProtocolExtraPrivileges: 'disabled',
    });
  });

  it("writes electron-updater's feed: the generic provider over https", async () => {
    const feed = await readFile(
      join(packaged().unpackedDir, 'resources', 'app-update.yml'),
      'utf8',
    );
    expect(feed).toMatch(/^provider: generic$/m);
    expect(/^url: (\S+)$/m.exec(feed)?.[1]).toMatch(/^https:\/\//);
  });
});
