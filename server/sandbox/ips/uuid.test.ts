import { describe, expect, it } from 'vitest';
import { nameUrn, nameUuid } from './uuid';

describe('nameUuid (RFC 9562 v5, URL namespace)', () => {
  it('matches an independent implementation (Python uuid.uuid5(NAMESPACE_URL, name))', () => {
    expect(nameUuid('https://example.org/x')).toBe('fdb420ba-c7a0-5bc0-b348-39fd508cc82c');
    expect(nameUuid('Müller')).toBe('088eed20-dbd4-57e4-9f55-ed3cf00c8093');
  });

  it('is stable, distinct per name and shaped as a urn:uuid', () => {
    expect(nameUrn('a')).toBe(nameUrn('a'));
    expect(nameUrn('a')).not.toBe(nameUrn('b'));
    expect(nameUrn('a')).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
