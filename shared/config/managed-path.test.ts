import { describe, expect, it } from 'vitest';
import { managedConfigPath } from './managed-path';

describe('managedConfigPath', () => {
  it('follows each platform', () => {
    expect(managedConfigPath('linux', {})).toBe('/etc/clinician-workstation/config.json');
    expect(managedConfigPath('freebsd', {})).toBe('/etc/clinician-workstation/config.json');
    expect(managedConfigPath('darwin', {})).toBe(
      '/Library/Application Support/Clinician Workstation/config.json',
    );
    expect(managedConfigPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe(
      'C:\\ProgramData\\Clinician Workstation\\config.json',
    );
  });

  it('accepts either spelling of ProgramData and a trailing backslash', () => {
    expect(managedConfigPath('win32', { PROGRAMDATA: 'D:\\Data\\' })).toBe(
      'D:\\Data\\Clinician Workstation\\config.json',
    );
  });

  it('gives no path on Windows without ProgramData rather than guessing C:', () => {
    expect(managedConfigPath('win32', {})).toBeUndefined();
  });

  it('honours CW_MANAGED_CONFIG first, then the older variable name', () => {
    expect(managedConfigPath('linux', { CW_MANAGED_CONFIG: '/x.json' })).toBe('/x.json');
    expect(
      managedConfigPath('win32', {
        CW_MANAGED_CONFIG: 'C:\\a.json',
        CLINICIAN_WORKSTATION_MANAGED_CONFIG: 'C:\\b.json',
      }),
    ).toBe('C:\\a.json');
    expect(managedConfigPath('darwin', { CLINICIAN_WORKSTATION_MANAGED_CONFIG: '/b.json' })).toBe(
      '/b.json',
    );
    expect(managedConfigPath('linux', { CW_MANAGED_CONFIG: '' })).toBe(
      '/etc/clinician-workstation/config.json',
    );
  });
});
