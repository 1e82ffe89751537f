/**
 * electron-builder.yml, loaded and validated the way electron-builder does it (its own loader
 * and JSON schema, offline), then checked against what main and the clinics rely on: the
 * deep-link scheme main handles, the fuses (Electron security checklist #19), per-machine
 * Windows installs, the update feed. What actually ends up in app.asar and in the binary is
 * checked by packaging for real: test/packaging/asar-contents.test.ts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from './deep-link';

const projectDir = resolve(import.meta.dirname, '..');
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(projectDir, resolve(projectDir, 'electron-builder.yml'), null);
});

/** A target list as electron-builder accepts it (string, name list or objects) → names. */
function targetNames(target: unknown): string[] {
  const list: unknown[] = Array.isArray(target) ? target : [target];
  return list.map((t) =>
    typeof t === 'string' ? t : String((t as { target?: unknown } | null)?.target),
  );
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('control: the same validation refuses a misspelt fuse', async () => {
    const broken = {
      ...config,
      electronFuses: { ...config.electronFuses, runAsNod: false },
    } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration object/,
    );
  });

  it('flips every security fuse the issue lists (and file:// privileges off)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('registers exactly the deep-link scheme main handles', () => {
    const protocols = [config.protocols ?? []].flat();
    expect(protocols.flatMap((p) => p.schemes)).toEqual([DEEP_LINK_SCHEME]);
  });

  it('builds AppImage and deb, NSIS and MSI, and dmg', () => {
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.win?.target)).toEqual(['nsis', 'msi']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
  });

  it('offers a per-machine Windows install: NSIS install-mode page, MSI always per machine', () => {
    // oneClick false + perMachine false = the page where all-users can be chosen (preselected).
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      selectPerMachineByDefault: true,
      allowElevation: true,
    });
    expect(config.msi).toMatchObject({ perMachine: true });
  });

  it('publishes update metadata for electron-updater to a generic https feed', () => {
    const publish = [config.publish].flat()[0];
    expect(publish).toMatchObject({ provider: 'generic' });
    const url = new URL(String((publish as { url?: unknown } | null | undefined)?.url));
    expect(url.protocol).toBe('https:');
  });

  it('names artifacts without spaces, with version and architecture', () => {
    for (const name of [config.artifactName, config.nsis?.artifactName]) {
      expect(name).toMatch(/^\$\{name\}-\$\{version\}-.*\$\{arch\}\.\$\{ext\}$/);
      expect(name).not.toMatch(/\s/);
    }
    expect(config.appId).toBe('eu.clinic.workstation');
  });

  it('packages only the build output into an asar, never maps, TypeScript or test folders', () => {
    expect(config.asar).toBe(true);
    // getConfig normalizes the yml's plain list into one file set.
    expect(config.files).toEqual([
      {
        filter: [
          'out/**',
          'package.json',
          '!**/*.map',
          '!**/*.{ts,mts,cts,tsx}',
          '!**/{test,tests,__tests__}/**',
        ],
      },
    ]);
  });

  it('asks macOS for camera and microphone with a reason (video consultations)', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    const extendInfo: unknown = config.mac?.extendInfo;
    expect(Object.keys(extendInfo ?? {}).sort()).toEqual([
      'NSCameraUsageDescription',
      'NSMicrophoneUsageDescription',
    ]);
    // The hardened runtime denies both devices unless the app is entitled to them.
    expect(config.mac?.entitlements).toBe('resources/entitlements.mac.plist');
    expect(config.mac?.entitlementsInherit).toBe('resources/entitlements.mac.plist');
    const plist = readFileSync(resolve(projectDir, 'resources/entitlements.mac.plist'), 'utf8');
    for (const key of [
      'com.apple.security.device.camera',
      'com.apple.security.device.audio-input',
      'com.apple.security.cs.allow-jit',
    ]) {
      expect(plist).toMatch(new RegExp(`<key>${key.replaceAll('.', '\\.')}</key>\\s*<true/>`));
    }
  });
});
