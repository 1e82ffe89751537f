/**
 * Records 'chart-opened' once per chart opening: when the chart route mounts for a patient,
 * not on re-renders, section changes or a re-created `audit` function (and not twice under
 * React StrictMode's double effects: the ref outlives them). Opening another patient's chart
 * — or the same one again later, which mounts the route anew — is a new opening.
 */
import { useEffect, useRef } from 'react';
import { useAudit } from './useAudit';

export function useAuditChartOpened(patientId: string): void {
  const audit = useAudit();
  const recordedFor = useRef<string | null>(null);
  useEffect(() => {
    if (recordedFor.current === patientId) return;
    recordedFor.current = patientId;
    void audit({ action: 'chart-opened', patient: `Patient/${patientId}` });
  }, [audit, patientId]);
}
