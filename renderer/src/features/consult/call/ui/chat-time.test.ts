import { describe, expect, it } from 'vitest';
import { chatTimeFormat } from './chat-time';

describe('chatTimeFormat', () => {
  it('formats hours and minutes in the UI language, made once per language', () => {
    const at = new Date(2026, 10, 22, 14, 5);
    expect(chatTimeFormat('de').format(at)).toBe('14:05');
    expect(chatTimeFormat('en').format(at)).toMatch(/^0?2:05\s?PM$/);
    expect(chatTimeFormat('de')).toBe(chatTimeFormat('de'));
  });

  it('falls back to English for a language Intl does not know (the pseudo-locale)', () => {
    expect(chatTimeFormat('qps')).toBe(chatTimeFormat('en'));
    expect(chatTimeFormat(undefined)).toBe(chatTimeFormat('en'));
  });
});
