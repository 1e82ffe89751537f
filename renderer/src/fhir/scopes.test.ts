import { buildScope, STANDALONE_SCOPE } from './scopes';

describe('buildScope', () => {
  it('asks for everything when the server lists no scopes', () => {
    expect(buildScope('standalone')).toBe(STANDALONE_SCOPE);
  });

  it('keeps the narrow write scope when a listed wildcard covers it', () => {
    const scope = buildScope('standalone', ['openid', 'user/*.rs', 'user/*.cruds']);
    expect(scope.split(' ')).toContain('user/DocumentReference.cu');
  });

  it('drops the write scope when the server offers only reads', () => {
    const scope = buildScope('standalone', ['openid', 'patient/*.rs', 'user/*.rs']);
    expect(scope.split(' ')).not.toContain('user/DocumentReference.cu');
    expect(scope).toBe('openid patient/*.rs user/*.rs');
  });

  it('uses v1 spellings when only those are listed', () => {
    const scope = buildScope('ehr', ['user/*.read', 'user/DocumentReference.write']);
    expect(scope).toBe('launch user/*.read user/DocumentReference.write');
  });
});
