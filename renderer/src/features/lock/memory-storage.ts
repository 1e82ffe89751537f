/**
 * A Web Storage over a Map: what the lock keeps its state in when the browser refuses
 * localStorage or sessionStorage (sandboxed frames, some private modes) — the lock then
 * still works, it just does not outlive the page. Tests use it as a storage of their own.
 */
export class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}

/** `window[name]`, or a {@link MemoryStorage} where the browser denies access to it. */
export function storageOrMemory(name: 'localStorage' | 'sessionStorage'): Storage {
  try {
    const storage = window[name];
    const probe = '__cw_lock_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return new MemoryStorage();
  }
}
