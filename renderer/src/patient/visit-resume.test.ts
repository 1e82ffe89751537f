import { forgetResume, joinTicket, rememberResume } from './visit-resume';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => map.set(k, v),
    removeItem: (k) => map.delete(k),
  };
}

describe('visit resume across a reload', () => {
  it('joins with the link ticket the first time', () => {
    expect(joinTicket(memoryStorage(), 'link-a')).toBe('link-a');
  });

  it('joins with the newest resume ticket kept for the same link', () => {
    const storage = memoryStorage();
    rememberResume(storage, 'link-a', 'resume-1');
    rememberResume(storage, 'link-a', 'resume-2');
    expect(joinTicket(storage, 'link-a')).toBe('resume-2');
  });

  it('does not use a resume ticket of another link', () => {
    const storage = memoryStorage();
    rememberResume(storage, 'link-a', 'resume-1');
    expect(joinTicket(storage, 'link-b')).toBe('link-b');
  });

  it('starts from the link after the visit is over or when the stored value is garbage', () => {
    const storage = memoryStorage();
    rememberResume(storage, 'link-a', 'resume-1');
    forgetResume(storage);
    expect(joinTicket(storage, 'link-a')).toBe('link-a');
    storage.setItem('cw.visit.resume', '{"link":"link-a"');
    expect(joinTicket(storage, 'link-a')).toBe('link-a');
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => rememberResume(broken, 'l', 'r')).not.toThrow();
    expect(() => forgetResume(broken)).not.toThrow();
    expect(joinTicket(broken, 'l')).toBe('l');
  });
});
