import {
  buildLookupUrl,
  createLookupClient,
  parseLookupResponse,
  pickLookupDesignation,
} from './lookup-server';

const FSN = {
  system: 'http://snomed.info/sct',
  code: '900000000000003001',
  display: 'Fully specified name',
};
const SYNONYM = {
  system: 'http://snomed.info/sct',
  code: '900000000000013009',
  display: 'Synonym',
};
const designation = (language: string | undefined, use: object | undefined, value: string) => ({
  name: 'designation',
  part: [
    ...(language ? [{ name: 'language', valueCode: language }] : []),
    ...(use ? [{ name: 'use', valueCoding: use }] : []),
    { name: 'value', valueString: value },
  ],
});

/** Shaped like a SNOMED CT server's `$lookup?…&displayLanguage=de` answer (Snowstorm style). */
const SNOMED_LOOKUP = {
  resourceType: 'Parameters',
  parameter: [
    { name: 'code', valueCode: '59621000' },
    { name: 'display', valueString: 'Essential hypertension' },
    { name: 'name', valueString: 'SNOMED CT' },
    { name: 'system', valueUri: 'http://snomed.info/sct' },
    { name: 'version', valueString: 'http://snomed.info/sct/11000241103/version/20231115' },
    { name: 'active', valueBoolean: true },
    {
      name: 'property',
      part: [
        { name: 'code', valueCode: 'parent' },
        { name: 'value', valueCode: '38341003' },
      ],
    },
    designation('en', FSN, 'Essential hypertension (disorder)'),
    designation('en', SYNONYM, 'Essential hypertension'),
    designation('de', FSN, 'essentielle Hypertonie (Krankheit)'),
    designation('de', SYNONYM, 'essentielle Hypertonie'),
    designation(undefined, SYNONYM, 'Primary hypertension'),
  ],
};

describe('buildLookupUrl', () => {
  it('builds CodeSystem/$lookup with encoded system, code and displayLanguage', () => {
    expect(
      buildLookupUrl('https://tx.example.org/fhir/', {
        system: 'http://loinc.org',
        code: '8867-4',
        displayLanguage: 'de-CH',
      }),
    ).toBe(
      'https://tx.example.org/fhir/CodeSystem/$lookup?system=http%3A%2F%2Floinc.org&code=8867-4&displayLanguage=de-CH',
    );
  });

  it('refuses a base that is not http(s)', () => {
    expect(() =>
      buildLookupUrl('file:///etc', { system: 's', code: 'c', displayLanguage: 'de' }),
    ).toThrow(/http/);
  });
});

describe('parseLookupResponse', () => {
  it('reads name, version, display and every designation with language and use', () => {
    const parsed = parseLookupResponse(SNOMED_LOOKUP);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.name).toBe('SNOMED CT');
    expect(parsed.value.version).toBe('http://snomed.info/sct/11000241103/version/20231115');
    expect(parsed.value.display).toBe('Essential hypertension');
    expect(parsed.value.designations).toHaveLength(5);
    expect(parsed.value.designations[3]).toEqual({
      language: 'de',
      use: SYNONYM,
      value: 'essentielle Hypertonie',
    });
    expect(parsed.value.designations[4]).toEqual({ use: SYNONYM, value: 'Primary hypertension' });
  });

  it("turns an OperationOutcome into an error carrying the server's words", () => {
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found', diagnostics: 'Code 123 not found' }],
    };
    expect(parseLookupResponse(outcome)).toEqual({ ok: false, error: 'Code 123 not found' });
    expect(parseLookupResponse({ resourceType: 'Patient' })).toEqual({
      ok: false,
      error: 'not a Parameters resource',
    });
  });

  it('skips malformed parameters instead of failing the whole answer', () => {
    const parsed = parseLookupResponse({
      resourceType: 'Parameters',
      parameter: [42, { name: 'designation', part: [{ name: 'language', valueCode: 'de' }] }],
    });
    expect(parsed).toEqual({ ok: true, value: { designations: [] } });
  });
});

describe('pickLookupDesignation', () => {
  const result = parseLookupResponse(SNOMED_LOOKUP);
  if (!result.ok) throw new Error(result.error);

  it('prefers a synonym in the wanted language over the fully specified name', () => {
    expect(pickLookupDesignation(result.value, 'de-AT')).toEqual({
      display: 'essentielle Hypertonie',
      lang: 'de',
    });
  });

  it('prefers the exact regional tag when the server has one', () => {
    const withSwiss = {
      designations: [
        { language: 'de', use: SYNONYM, value: 'essentielle Hypertonie' },
        { language: 'de-CH', use: FSN, value: 'essentielle Hypertonie (CH)' },
      ],
    };
    expect(pickLookupDesignation(withSwiss, 'de-CH')?.display).toBe('essentielle Hypertonie (CH)');
  });

  it('never takes the display or a designation without a language as a translation', () => {
    expect(pickLookupDesignation(result.value, 'fr')).toBeUndefined();
    expect(pickLookupDesignation({ display: 'x', designations: [] }, 'de')).toBeUndefined();
  });
});

describe('createLookupClient', () => {
  it('fetches the $lookup URL as FHIR JSON and returns the parsed result', async () => {
    const calls: { url: string; accept: string | undefined }[] = [];
    const lookup = createLookupClient({
      baseUrl: 'https://tx.example.org/r4',
      fetch: (url, init) => {
        calls.push({ url, accept: init.headers.Accept });
        return Promise.resolve({
          ok: true,
          status: 200,
          json: () => Promise.resolve(SNOMED_LOOKUP),
        });
      },
    });
    const res = await lookup({
      system: 'http://snomed.info/sct',
      code: '59621000',
      displayLanguage: 'de',
    });
    expect(res.designations).toHaveLength(5);
    expect(calls).toEqual([
      {
        url: 'https://tx.example.org/r4/CodeSystem/$lookup?system=http%3A%2F%2Fsnomed.info%2Fsct&code=59621000&displayLanguage=de',
        accept: 'application/fhir+json',
      },
    ]);
  });

  it('rejects with the server explanation on an error answer', async () => {
    const lookup = createLookupClient({
      baseUrl: 'https://tx.example.org/r4',
      fetch: () =>
        Promise.resolve({
          ok: false,
          status: 404,
          json: () =>
            Promise.resolve({
              resourceType: 'OperationOutcome',
              issue: [{ diagnostics: 'Unknown code' }],
            }),
        }),
    });
    await expect(lookup({ system: 's', code: 'c', displayLanguage: 'de' })).rejects.toThrow(
      '$lookup 404: Unknown code',
    );
  });

  it('gives up after the timeout', async () => {
    const lookup = createLookupClient({
      baseUrl: 'https://tx.example.org/r4',
      timeoutMs: 20,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    await expect(lookup({ system: 's', code: 'c', displayLanguage: 'de' })).rejects.toThrow(
      'aborted',
    );
  });
});
