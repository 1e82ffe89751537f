/**
 * Packages the workstation as a release would, without the Electron download this machine
 * cannot make: `electron-vite build` into a private temporary project, then
 * `electron-builder --linux --dir` with the repository's electron-builder.yml and a stand-in
 * `electronDist` (../shared/TOOLCHAIN.md).
 *
 * What the stand-in must hold, found by trying: for Linux, electron-builder copies the folder,
 * renames its `electron` file to `executableName`, writes resources/app.asar and
 * resources/app-update.yml, then flips the fuses in that file with @electron/fuses. So the
 * only file needed is `electron`, and it must contain the fuse wire (sentinel, wire version 1,
 * wire length, one byte per fuse), or the fuse step fails. The wire below carries Electron's
 * default states, so every flip the config asks for is visible in the packaged file.
 *
 * The temporary project has its own out/ (the shared out/ may be rebuilt by `npm run
 * test:e2e` or a developer at the same moment), copies of package.json and package-lock.json,
 * and a hard-linked copy of the repository's node_modules (no file data copied) for
 * electron-builder's production-dependency collector (`npm ls`). A symlink is not enough: in a
 * fresh `npm ci` checkout, `npm ls` through a symlinked node_modules reported every package as
 * extraneous (ELSPROBLEMS), and electron-builder then fell back to shipping only the direct
 * dependencies (seen in CI). Hard links need one filesystem, so the project lives in a
 * temporary folder inside node_modules (ignored by git and the linters).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = resolve(import.meta.dirname, '..', '..');

/** @electron/fuses' sentinel: the fuse wire follows it in the Electron binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Fuse wire version 1 in wire order (electron/docs/tutorial/fuses.md; @electron/fuses
 * `FuseV1Options`), with Electron's default state for each.
 */
export const FUSE_WIRE_V1 = [
  ['runAsNode', 'enabled'],
  ['enableCookieEncryption', 'disabled'],
  ['enableNodeOptionsEnvironmentVariable', 'enabled'],
  ['enableNodeCliInspectArguments', 'enabled'],
  ['enableEmbeddedAsarIntegrityValidation', 'disabled'],
  ['onlyLoadAppFromAsar', 'disabled'],
  ['loadBrowserProcessSpecificV8Snapshot', 'disabled'],
  ['grantFileProtocolExtraPrivileges', 'enabled'],
] as const;

export type FuseState = 'enabled' | 'disabled' | 'removed' | 'inherit';
const stateByte: Record<FuseState, number> = {
  disabled: 0x30, // '0'
  enabled: 0x31, // '1'
  removed: 0x72, // 'r'
  inherit: 0x90,
};

/** A file that is not Electron but carries a default fuse wire where @electron/fuses looks. */
export function standInElectronBinary(): Buffer {
  return Buffer.concat([
    Buffer.from('stand-in for the Electron binary\0', 'utf8'),
    Buffer.from(FUSE_SENTINEL, 'ascii'),
    Buffer.from([1, FUSE_WIRE_V1.length]),
    Buffer.from(FUSE_WIRE_V1.map(([, state]) => stateByte[state])),
  ]);
}

/** Reads the fuse wire back from a (packaged) binary. */
export function readFuseWire(binary: Buffer): Record<string, FuseState> {
  const at = binary.indexOf(FUSE_SENTINEL, 0, 'ascii');
  if (at === -1) throw new Error('no fuse sentinel in the binary');
  const wire = at + FUSE_SENTINEL.length;
  if (binary[wire] !== 1) throw new Error(`unexpected fuse wire version ${String(binary[wire])}`);
  const length = binary[wire + 1] ?? 0;
  const byState = new Map(Object.entries(stateByte).map(([state, byte]) => [byte, state]));
  return Object.fromEntries(
    FUSE_WIRE_V1.slice(0, length).map(([name], i) => [
      name,
      (byState.get(binary[wire + 2 + i] ?? -1) ?? 'unknown') as FuseState,
    ]),
  );
}

export interface StandInPackage {
  /** The temporary project's out/, exactly what electron-vite built. */
  builtOutDir: string;
  /** release/linux-<arch>-unpacked */
  unpackedDir: string;
  asarPath: string;
  executablePath: string;
  remove(): Promise<void>;
}

async function node(args: string[], cwd: string): Promise<void> {
  try {
    await run(process.execPath, args, {
      cwd,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0' },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${e.message.split('\n')[0] ?? ''}\n${output}`);
  }
}

const WORK_PREFIX = '.cw-packaging-';

/** `cp -al` of every entry of the repository's node_modules except packaging work folders. */
async function hardLinkNodeModules(target: string): Promise<void> {
  const source = join(repoRoot, 'node_modules');
  const entries = (await readdir(source)).filter((name) => !name.startsWith(WORK_PREFIX));
  await mkdir(target);
  await run('cp', ['-al', ...entries.map((name) => join(source, name)), target], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Builds and packages into a new temporary folder; call `remove()` when done. */
export async function packageWithStandInElectron(): Promise<StandInPackage> {
  const workDir = await mkdtemp(join(repoRoot, 'node_modules', WORK_PREFIX));
  const remove = () => rm(workDir, { recursive: true, force: true });
  try {
    const project = join(workDir, 'project');
    const builtOutDir = join(project, 'out');
    await mkdir(project);
    await node(
      [
        join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
        'build',
        '--outDir',
        builtOutDir,
        '--logLevel',
        'error',
      ],
      repoRoot,
    );
    await cp(join(repoRoot, 'package.json'), join(project, 'package.json'));
    await cp(join(repoRoot, 'package-lock.json'), join(project, 'package-lock.json'));
    await hardLinkNodeModules(join(project, 'node_modules'));
    const electronDist = join(workDir, 'electron-dist');
    await mkdir(electronDist);
    await writeFile(join(electronDist, 'electron'), standInElectronBinary(), { mode: 0o755 });
    const release = join(workDir, 'release');
    await node(
      [
        join(repoRoot, 'node_modules', 'electron-builder', 'cli.js'),
        '--linux',
        '--dir',
        '--projectDir',
        project,
        '--config',
        join(repoRoot, 'electron-builder.yml'),
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${release}`,
        '--publish',
        'never',
      ],
      project,
    );
    const unpacked = (await readdir(release)).find((name) => name.endsWith('-unpacked'));
    if (!unpacked) throw new Error(`electron-builder wrote no unpacked app in ${release}`);
    const unpackedDir = join(release, unpacked);
    const config = await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8');
    const executableName = /^executableName: (\S+)$/m.exec(config)?.[1] ?? 'electron';
    return {
      builtOutDir,
      unpackedDir,
      asarPath: join(unpackedDir, 'resources', 'app.asar'),
      executablePath: join(unpackedDir, executableName),
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
