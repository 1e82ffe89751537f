import type { FhirResource, Patient } from 'fhir/r4';
import { type FhirApi, FhirRequestError } from '../../fhir/FhirApi';
import { fetchPatientChart } from './load-chart';

const serverUrl = 'http://127.0.0.1:9000/fhir';
const patient: Patient = { resourceType: 'Patient', id: 'p1' };
const condition: FhirResource = {
  resourceType: 'Condition',
  id: 'c1',
  subject: { reference: 'Patient/p1' },
};
const claim = { resourceType: 'Claim', id: 'x' } as unknown as FhirResource;
const err = (kind: FhirRequestError['kind'], status?: number) =>
  new FhirRequestError(kind, kind, { serverUrl, ...(status ? { status } : {}) });

function api(fetchAll: FhirApi['fetchAll']): FhirApi {
  return {
    serverUrl,
    read: <T extends FhirResource>() => Promise.resolve(patient as unknown as T),
    search: () => Promise.reject(new Error('unused')),
    fetchAll,
  };
}

describe('fetchPatientChart', () => {
  it('uses $everything, reports progress and drops billing noise', async () => {
    const progress: number[] = [];
    const data = await fetchPatientChart(
      api((_path, o) => {
        o?.onPage?.(3);
        return Promise.resolve([patient, condition, claim]);
      }),
      'p1',
      { onProgress: (n) => progress.push(n) },
    );
    expect(data.source).toBe('everything');
    expect(progress).toEqual([3]);
    expect(data.resources.map((r) => r.resourceType)).toEqual(['Patient', 'Condition']);
    expect(data.byType.get('Condition')).toHaveLength(1);
  });

  it('falls back per type on 404/5xx and lists types that could not be loaded', async () => {
    const paths: string[] = [];
    const data = await fetchPatientChart(
      api((path) => {
        paths.push(path);
        if (path.includes('$everything')) return Promise.reject(err('server-error', 500));
        if (path.startsWith('ImagingStudy')) return Promise.reject(err('forbidden', 403));
        if (path.startsWith('Condition')) return Promise.resolve([condition]);
        return Promise.resolve([]);
      }),
      'p1',
    );
    expect(data.source).toBe('per-type');
    expect(paths).toContain('Condition?patient=p1&_count=200');
    expect(data.missingTypes).toEqual(['ImagingStudy']);
    expect(data.patient.id).toBe('p1');
  });

  it('does not fall back on errors a retry elsewhere cannot fix', async () => {
    await expect(
      fetchPatientChart(
        api(() => Promise.reject(err('unauthorized', 401))),
        'p1',
      ),
    ).rejects.toMatchObject({
      kind: 'unauthorized',
    });
    await expect(
      fetchPatientChart(
        api(() => Promise.reject(err('paging-loop'))),
        'p1',
      ),
    ).rejects.toMatchObject({
      kind: 'paging-loop',
    });
  });

  it('reads the Patient when $everything left it out', async () => {
    const data = await fetchPatientChart(
      api(() => Promise.resolve([condition])),
      'p1',
    );
    expect(data.patient).toBe(patient);
    expect(data.resources).toHaveLength(2);
  });
});
