// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addCustomServer,
  CUSTOM_SERVERS_KEY,
  readCustomServers,
  removeCustomServer,
  serverIdFor,
} from './custom-servers';

describe('custom servers', () => {
  beforeEach(() => localStorage.clear());

  it('adds, reads back and removes servers', () => {
    const a = addCustomServer(
      { name: ' Clinic ', fhirBaseUrl: 'https://fhir.clinic.example/r4/', clientId: 'cw' },
      [],
    );
    expect(a).toEqual({
      id: 'custom-fhir-clinic-example',
      name: 'Clinic',
      fhirBaseUrl: 'https://fhir.clinic.example/r4',
      clientId: 'cw',
      embedded: false,
    });
    expect(readCustomServers()).toEqual([a]);
    removeCustomServer(a.id);
    expect(readCustomServers()).toEqual([]);
  });

  it('makes ids unique', () => {
    expect(serverIdFor('https://a.example/fhir', new Set(['custom-a-example']))).toBe(
      'custom-a-example-2',
    );
  });

  it('ignores tampered or malformed storage', () => {
    localStorage.setItem(CUSTOM_SERVERS_KEY, '{not json');
    expect(readCustomServers()).toEqual([]);
    localStorage.setItem(
      CUSTOM_SERVERS_KEY,
      JSON.stringify([{ id: 'X Y', name: '', fhirBaseUrl: 'nope' }]),
    );
    expect(readCustomServers()).toEqual([]);
  });
});
