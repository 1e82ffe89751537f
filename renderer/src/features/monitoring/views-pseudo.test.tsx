// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FhirResource, Observation } from 'fhir/r4';
import { heartFailurePlan, observation } from '../../../../shared/monitoring/test-data';
import { findUntranslated } from '../../../../test/support/render';
import { openOffline, renderAudit, type Offline } from '../audit/audit-test-support';
import { PatientMonitoring } from './PatientMonitoring';
import { TriagePage } from './TriagePage';

let offline: Offline | undefined;
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  offline?.scope.close();
  offline = undefined;
  vi.restoreAllMocks();
});

const HOUR = 3_600_000;

async function seed(o: Offline): Promise<void> {
  const now = Date.now();
  const at = (h: number) => new Date(now - h * HOUR).toISOString();
  const resources: FhirResource[] = [
    { resourceType: 'Patient', id: 'p1', name: [{ family: 'Muster', given: ['Eva'] }] },
    { ...heartFailurePlan('p1', '2026-01-01'), meta: { versionId: '1' } },
    ...([
      observation('bp-1', 'p1', '85354-9', at(1), { sys: 192, dia: 114 }),
      observation('wt-1', 'p1', '29463-7', at(30), { value: 80, unit: 'kg' }),
      observation('wt-2', 'p1', '29463-7', at(2), { value: 82.6, unit: 'kg' }),
      observation('wt-lb', 'p1', '29463-7', at(3), { value: 182, unit: '[lb_av]' }),
      observation('gl-x', 'p1', '2339-0', at(4), { value: 1001, unit: 'mg/dL' }),
    ] as unknown as Observation[]),
  ];
  await o.scope.store.putResources('p1', resources, 'https://fhir.example/r4', now);
  await o.scope.store.patients.ensure('p1');
}

describe('monitoring views under the pseudo-locale', () => {
  it('triage: every visible string went through i18n', async () => {
    offline = await openOffline();
    await seed(offline);
    renderAudit(<TriagePage />, { offline, lng: 'qps' });
    await screen.findByTestId('triage-row', undefined, { timeout: 5000 });
    expect(findUntranslated(document.body)).toEqual([]);
  });

  it('patient monitoring view: every visible string went through i18n', async () => {
    offline = await openOffline();
    await seed(offline);
    renderAudit(<PatientMonitoring patientId="p1" />, { offline, lng: 'qps' });
    await screen.findByTestId('patient-monitoring', undefined, { timeout: 5000 });
    expect(findUntranslated(document.body)).toEqual([]);
  });
});
