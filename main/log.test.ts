import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeLog from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureLog, redactLogText, redactionHook } from './log';

describe('redactLogText', () => {
  it.each([
    [
      'FHIR search by patient, keeping the LOINC code and paging',
      '[sync] GET https://fhir.clinic.example/r4/Observation?patient=8f2c-41&code=http://loinc.org|85354-9&_count=200 → 503',
      '[sync] GET https://fhir.clinic.example/r4/Observation?patient=[redacted]&code=http://loinc.org|85354-9&_count=200 → 503',
    ],
    [
      'subject with a modifier, chained identifier and a name search',
      'GET /fhir/Encounter?subject:Patient=123&patient.identifier=urn:oid:1.2.36.146.595.217.0.1|6543&name=Lind',
      'GET /fhir/Encounter?subject:Patient=[redacted]&patient.identifier=[redacted]&name=[redacted]',
    ],
    [
      'a reference in an error message',
      '[fhir] Patient/abc-123 not found (404); Person/9 and RelatedPerson/rp.1 too',
      '[fhir] Patient/[id] not found (404); Person/[id] and RelatedPerson/[id] too',
    ],
    [
      'operations on Patient are not ids',
      'POST https://fhir.example/Patient/$summary and /Patient/_search',
      'POST https://fhir.example/Patient/$summary and /Patient/_search',
    ],
    [
      'the app route of a chart',
      '[main] did-navigate app://workstation/index.html#/patient/p-42/monitoring',
      '[main] did-navigate app://workstation/index.html#/patient/[id]/monitoring',
    ],
    [
      'an identifier token outside a query, with an HL7 sid system',
      'duplicate identifier http://hl7.org/fhir/sid/us-ssn|123-45-6789 and https://mrn.hospital.example|A-77 in bundle',
      'duplicate identifier http://hl7.org/fhir/sid/us-ssn|[redacted] and https://mrn.hospital.example|[redacted] in bundle',
    ],
    [
      'a token response in JSON',
      '[auth] token {"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJQcmFjdGl0aW9uZXIvMSJ9.c2lnbmF0dXJl","refresh_token":"rt-998877","scope":"openid fhirUser launch/patient patient/*.rs","patient":"p1"}',
      `[auth] token {"access_token":'[redacted]',"refresh_token":'[redacted]',"scope":"openid fhirUser launch/patient patient/*.rs","patient":"p1"}`,
    ],
    [
      'a bearer header and a Basic one',
      'headers: Authorization: Bearer abc.def-ghi_jkl~mno and authorization: Basic Y2xpZW50OnNlY3JldA==',
      'headers: Authorization: Bearer [redacted] and authorization: Basic [redacted]',
    ],
    [
      'the SMART loopback callback, and a launch',
      '[ipc] smart:loopback-wait: http://127.0.0.1:5123/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj; deep link clinician-workstation://launch?iss=https://ehr.example/fhir&launch=xyz123',
      '[ipc] smart:loopback-wait: http://127.0.0.1:5123/callback?code=[redacted]&state=[redacted]; deep link clinician-workstation://launch?iss=https://ehr.example/fhir&launch=[redacted]',
    ],
    [
      'a signaling ticket and a bare JWT',
      'ws connect wss://sig.example/ws?ticket=tk_9a8b7c failed; id_token eyJhbGciOiJFUzI1NiJ9.eyJmaGlyVXNlciI6IngifQ.AbC',
      'ws connect wss://sig.example/ws?ticket=[redacted] failed; id_token [redacted-jwt]',
    ],
    [
      'e-mail and phone numbers in several national forms',
      'contact eva.lind+home@example.org, +41 79 123 45 67, +1 (555) 123-4567, 030 12345678, 0171-2345678, (555) 123-4567, tel:+49-30-1234567',
      'contact [email], [phone], [phone], [phone], [phone], [phone], tel:[phone]',
    ],
    [
      'an inspected Patient resource',
      "{ resourceType: 'Patient', id: 'p1', name: [ { family: 'Lind', given: [ 'Eva', 'M' ] } ], birthDate: '1961-04-02', telecom: [ { system: 'phone', value: '+41 79 123 45 67' } ] }",
      "{ resourceType: 'Patient', id: '[id]', name: [ { family: '[redacted]', given: '[redacted]' } ], birthDate: '[redacted]', telecom: [ { system: 'phone', value: '[phone]' } ] }",
    ],
    [
      'a reference display',
      '{"reference":"Patient/77","display":"Eva Lind"}',
      `{"reference":"Patient/[id]","display":'[redacted]'}`,
    ],
  ])('%s', (_what, line, expected) => {
    expect(redactLogText(line)).toBe(expected);
  });

  it.each([
    '[2026-11-22 10:42:01.123] [info] [main] sandbox on http://127.0.0.1:9000 (started in 812 ms)',
    'updates: version 1.2.0 downloaded; 12345678 bytes; exit code 139',
    'Observation?code=http%3A%2F%2Floinc.org%7C8867-4&date=ge2026-11-01T00:00:00+01:00',
    '{"system":"http://loinc.org","code":"85354-9","unit":"mm[Hg]"}',
    'weight +2.2 kg in 3 days; glucose 7.8 mmol/L; BP 192/114 mm[Hg]',
    'scope openid fhirUser launch/patient patient/*.rs user/*.rs offline_access',
    'renderer gone (crashed, exit code 11); 1 in the last 5 min',
  ])('keeps ordinary lines intact: %s', (line) => {
    expect(redactLogText(line)).toBe(line);
  });
});

describe('redactionHook with electron-log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'main-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function logger(id: string) {
    const instance = nodeLog.create({ logId: id });
    const log = configureLog(instance, { dir, appName: 'cw-test', console: false, maxBytes: 2000 });
    return { instance, log };
  }

  it('writes only redacted text to main.log, also from objects and Errors', async () => {
    const { instance, log } = logger('redaction-file');
    log('[sync] Observation?patient=123 failed');
    instance.warn('opening', 'Patient/', 'p-9'); // split across arguments
    instance.error(new Error('Cannot read Patient/p-7 for eva.lind@example.org'));
    instance.info({ access_token: 'at-secret-1', patient: { reference: 'Patient/p-8' } });
    const text = await readFile(join(dir, 'main.log'), 'utf8');
    for (const secret of ['123', 'p-9', 'p-7', 'eva.lind', 'at-secret-1', 'p-8']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[info]  [sync] Observation?patient=[redacted] failed');
    expect(text).toContain('opening Patient/[id]');
    expect(text).toContain('Error: Cannot read Patient/[id] for [email]');
    expect(text).toContain("access_token: '[redacted]'");
  });

  it('keeps the file private and rotates it at the size limit', async () => {
    const { log } = logger('redaction-rotate');
    for (let i = 0; i < 60; i += 1) log(`[test] line ${String(i)} ${'x'.repeat(40)}`);
    const current = await stat(join(dir, 'main.log'));
    const old = await stat(join(dir, 'main.old.log'));
    expect(current.size).toBeLessThanOrEqual(2000 + 100);
    expect(old.size).toBeGreaterThan(1900);
    expect(current.mode & 0o777).toBe(0o600);
  });

  it('adds the hook once however often it is configured', () => {
    const instance = nodeLog.create({ logId: 'redaction-once' });
    configureLog(instance, { dir, appName: 'cw-test', console: false });
    configureLog(instance, { dir, appName: 'cw-test', console: false });
    expect(instance.hooks.filter((hook) => hook === redactionHook)).toHaveLength(1);
  });

  it('turns an unformattable message into a placeholder instead of losing the hook', () => {
    const hostile = {
      [Symbol.for('nodejs.util.inspect.custom')]: () => {
        throw new Error('no');
      },
    };
    const out = redactionHook({ data: [hostile], date: new Date(), level: 'info' });
    expect(out && out.data).toEqual(['[unloggable message]']);
  });
});
