import { describe, expect, it } from 'vitest';
import { hashPin, isValidPin, PIN_PBKDF2_ITERATIONS, verifyPin } from './pin-hash';

/** Salt 00 01 … 0f; expected keys computed independently with Python's hashlib.pbkdf2_hmac. */
const SALT = () => Uint8Array.from({ length: 16 }, (_, i) => i);

describe('PIN hashing (PBKDF2-HMAC-SHA-256)', () => {
  it('derives the reference key for a known PIN, salt and iteration count', async () => {
    await expect(hashPin('123456', { iterations: 1000, randomBytes: SALT })).resolves.toEqual({
      salt: 'AAECAwQFBgcICQoLDA0ODw==',
      hash: 'bjhJERvo0wcGNCIGZuk8Vdv9dekj8001cWgFRkwKfq8=',
      iterations: 1000,
    });
    const twelve = await hashPin('987654321012', { iterations: 2, randomBytes: SALT });
    expect(twelve.hash).toBe('iP570RK5vFPYZH0xF+p/7S/kKT9h+Cnpb70P8qW2hZ8=');
  });

  it('uses a fresh random salt and the OWASP iteration count by default', async () => {
    const a = await hashPin('246810', { iterations: 10 });
    const b = await hashPin('246810', { iterations: 10 });
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(PIN_PBKDF2_ITERATIONS).toBe(600_000);
  });

  it('verifies the right PIN and refuses others', async () => {
    const stored = await hashPin('135790', { iterations: 100 });
    await expect(verifyPin('135790', stored)).resolves.toBe(true);
    await expect(verifyPin('135791', stored)).resolves.toBe(false);
    await expect(verifyPin('1357900', stored)).resolves.toBe(false);
    await expect(verifyPin('', stored)).resolves.toBe(false);
  });

  it('accepts 6 to 12 ASCII digits only', async () => {
    expect(['123456', '123456789012'].map(isValidPin)).toEqual([true, true]);
    expect(['12345', '1234567890123', '12345a', '１２３４５６', ' 123456'].map(isValidPin)).toEqual(
      [false, false, false, false, false],
    );
    await expect(hashPin('12345', { iterations: 1 })).rejects.toThrow(/6 to 12 digits/);
  });
});
