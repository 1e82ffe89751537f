import { describe, expect, it } from 'vitest';
import { FakeSafeStorage, MemoryJsonStore } from './testing/fake-electron';
import { SecretVault, secretsUnavailableMessage, unsafeStorageReason } from './vault';

function open(
  safeStorage = new FakeSafeStorage(),
  store = new MemoryJsonStore(),
  platform: NodeJS.Platform = 'linux',
) {
  return SecretVault.open({ safeStorage, store, platform }).then((vault) => ({ vault, store }));
}

describe('SecretVault with a real keyring', () => {
  it('persists encrypted values, never plain text', async () => {
    const { vault, store } = await open();
    expect(vault.persistent).toBe(true);
    await vault.set('refresh:sandbox', 'top-secret-token');
    expect(vault.get('refresh:sandbox')).toBe('top-secret-token');
    expect(JSON.stringify(store.content)).not.toContain('top-secret-token');
    expect(store.content).toMatchObject({
      version: 1,
      entries: { 'refresh:sandbox': expect.any(String) as string },
    });
  });

  it('reads what a previous session wrote', async () => {
    const first = await open();
    await first.vault.set('k', 'v');
    const { vault } = await open(new FakeSafeStorage(), first.store);
    expect(vault.get('k')).toBe('v');
    expect(vault.get('missing')).toBeNull();
  });

  it('deletes values from disk', async () => {
    const { vault, store } = await open();
    await vault.set('a', '1');
    await vault.set('b', '2');
    await vault.delete('a');
    expect(vault.get('a')).toBeNull();
    expect(Object.keys((store.content as { entries: object }).entries)).toEqual(['b']);
    await vault.delete('never-set');
    expect(store.writes).toHaveLength(3);
  });

  it('keeps the previous value when the disk write fails', async () => {
    const { vault, store } = await open();
    await vault.set('k', 'old');
    store.failNextWrite = true;
    await expect(vault.set('k', 'new')).rejects.toThrow('disk full');
    expect(vault.get('k')).toBe('old');
  });

  it('returns null for values it can no longer decrypt and starts empty on a bad file', async () => {
    const store = new MemoryJsonStore({
      version: 1,
      entries: { k: Buffer.from('garbage').toString('base64') },
    });
    const { vault } = await open(new FakeSafeStorage(), store);
    expect(vault.get('k')).toBeNull();
    const bad = await open(new FakeSafeStorage(), new MemoryJsonStore({ version: 9 }));
    expect(bad.vault.get('k')).toBeNull();
    expect(bad.vault.persistent).toBe(true);
  });

  it('does not ask for the Linux backend on other platforms', async () => {
    const safeStorage = new FakeSafeStorage(true, 'basic_text');
    safeStorage.getSelectedStorageBackend = () => {
      throw new Error('Linux only');
    };
    const { vault } = await open(safeStorage, new MemoryJsonStore(), 'darwin');
    expect(vault.persistent).toBe(true);
  });
});

describe('SecretVault without safe storage', () => {
  it.each([
    ['basic_text', new FakeSafeStorage(true, 'basic_text')],
    ['unknown', new FakeSafeStorage(true, 'unknown')],
    ['encryption unavailable', new FakeSafeStorage(false, 'gnome_libsecret')],
  ])('refuses to persist (%s) but keeps values for the session', async (reason, safeStorage) => {
    const { vault, store } = await open(safeStorage);
    expect(vault.persistent).toBe(false);
    expect(vault.unavailableReason).toBe(reason);
    await expect(vault.set('k', 'v')).rejects.toThrow(secretsUnavailableMessage(reason));
    expect(vault.get('k')).toBe('v');
    await vault.delete('k');
    expect(vault.get('k')).toBeNull();
    expect(store.writes).toEqual([]);
  });

  it('words the basic_text refusal as the user sees it', () => {
    expect(secretsUnavailableMessage('basic_text')).toBe(
      'Secure storage unavailable (basic_text) — secrets kept for this session only',
    );
  });

  it('does not even read the vault file', async () => {
    const store = new MemoryJsonStore({ version: 1, entries: { k: 'x' } });
    const { vault } = await open(new FakeSafeStorage(true, 'basic_text'), store);
    expect(vault.get('k')).toBeNull();
  });
});

describe('unsafeStorageReason', () => {
  it('accepts real keyrings', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(unsafeStorageReason(new FakeSafeStorage(true, backend), 'linux')).toBeUndefined();
    }
    expect(unsafeStorageReason(new FakeSafeStorage(true), 'win32')).toBeUndefined();
  });
});
