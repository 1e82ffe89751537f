import { describe, expect, it } from 'vitest';
import {
  buildContentSecurityPolicy,
  EMBEDDED_CONNECT_ORIGINS,
  META_CONTENT_SECURITY_POLICY,
  toConnectSource,
} from './csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  it('locks scripts, objects, base, forms and framing down', () => {
    const d = directives(buildContentSecurityPolicy());
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
  });

  it('allows what Mantine, the narrative jail and video need, and nothing for scripts', () => {
    const d = directives(buildContentSecurityPolicy());
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(d.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    expect(d.get('frame-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(buildContentSecurityPolicy()).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('adds configured FHIR origins and the embedded loopback wildcard to connect-src', () => {
    const policy = buildContentSecurityPolicy({
      connectOrigins: [
        'https://fhir.example.org/r4/',
        'https://FHIR.example.org',
        ...EMBEDDED_CONNECT_ORIGINS,
      ],
    });
    expect(directives(policy).get('connect-src')).toEqual([
      "'self'",
      'https://fhir.example.org',
      'http://127.0.0.1:*',
      'ws://127.0.0.1:*',
    ]);
  });

  it('drops sources that would widen or break the policy', () => {
    const policy = buildContentSecurityPolicy({
      connectOrigins: ["'unsafe-eval'", 'https://a.example; script-src *', '*', 'file:///x', ''],
    });
    expect(directives(policy).get('connect-src')).toEqual(["'self'"]);
    expect(directives(policy).get('script-src')).toEqual(["'self'"]);
  });
});

describe('toConnectSource', () => {
  it('reduces URLs to origins and keeps port wildcards', () => {
    expect(toConnectSource('https://ehr.example:8443/fhir?x=1')).toBe('https://ehr.example:8443');
    expect(toConnectSource('http://127.0.0.1:*')).toBe('http://127.0.0.1:*');
    expect(toConnectSource('wss://sig.example')).toBe('wss://sig.example');
    expect(toConnectSource('javascript:alert(1)')).toBeUndefined();
    expect(toConnectSource('https:')).toBe('https:');
    expect(toConnectSource('http:')).toBeUndefined();
  });
});

describe('META_CONTENT_SECURITY_POLICY', () => {
  it('locks scripts, plugins and <base> without restricting what only the header knows', () => {
    const d = directives(META_CONTENT_SECURITY_POLICY);
    expect([...d.keys()]).toEqual(['script-src', 'worker-src', 'object-src', 'base-uri']);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    // Both policies apply: the meta must not be looser than the header for scripts.
    const header = directives(buildContentSecurityPolicy());
    expect(d.get('script-src')).toEqual(header.get('script-src'));
    expect(META_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|data:|https?:|\*|frame-ancestors/);
  });
});
