/**
 * Cross-checks between electron-builder.yml and main: the packaged app must register the
 * same deep-link scheme main listens for, and ship the files main loads. (No YAML parser is
 * installed; these keys are simple enough for line matching. The full schema is validated by
 * electron-builder itself: `npx electron-builder --dir -c.electronDist=<folder>`.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from './deep-link';

const yml = readFileSync(resolve(import.meta.dirname, '..', 'electron-builder.yml'), 'utf8');

function listUnder(key: string): string[] {
  const block = new RegExp(`^${key}:\\n((?:[ \\t]+.*\\n)+)`, 'm').exec(yml)?.[1] ?? '';
  return [...block.matchAll(/^\s*-\s*'?([^'\n]+?)'?\s*$/gm)].map((m) => m[1] ?? '');
}

describe('electron-builder.yml', () => {
  it('registers the deep-link scheme main handles', () => {
    expect(listUnder('protocols')).toContain(DEEP_LINK_SCHEME);
  });

  it('packages the electron-vite output into an asar', () => {
    expect(listUnder('files')).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(yml).toMatch(/^asar: true$/m);
    expect(yml).toMatch(/^appId: eu\.clinic\.workstation$/m);
  });

  it('builds for all three desktop platforms into release/', () => {
    expect(listUnder('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(listUnder('win')).toContain('nsis');
    expect(listUnder('mac')).toContain('dmg');
    expect(yml).toMatch(/^directories:\n(?:\s+.*\n)*?\s+output: release$/m);
  });
});
