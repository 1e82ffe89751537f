import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from './router';

describe('parseRoute', () => {
  it.each([
    ['', { name: 'search' }],
    ['#/', { name: 'search' }],
    ['#/search', { name: 'search' }],
    ['#/monitoring', { name: 'monitoring' }],
    ['#/ips/', { name: 'ips' }],
    ['#/patient/p1/monitoring', { name: 'patient', patientId: 'p1', section: 'monitoring' }],
    ['#/patient/abc-1.2', { name: 'patient', patientId: 'abc-1.2' }],
    ['#/patient/p1/labs', { name: 'patient', patientId: 'p1', section: 'labs' }],
    ['#/patient/bad%20id', { name: 'not-found', hash: '#/patient/bad%20id' }],
    ['#/nowhere', { name: 'not-found', hash: '#/nowhere' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips hrefs', () => {
    const route = { name: 'patient', patientId: 'p-9', section: 'vitals' } as const;
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
