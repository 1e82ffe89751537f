/**
 * The chart's "Imported summaries" card: the International Patient Summaries imported for this
 * patient (from this server's `$summary`, a file or a national contact point), cached encrypted
 * and listed with source country, author, document date and when imported; opening one shows
 * it with the medication reconciliation against this chart's current medicines.
 */
import { useMemo } from 'react';
import { Card, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { IpsPanel } from './IpsPanel';
import { localMedicationFacts, type LocalMedicationSource } from './local-medications';

export interface ImportedSummariesCardProps {
  readonly patientId: string;
  /** The loaded chart (its `ChartData`) and the server it came from. */
  readonly chart: Omit<LocalMedicationSource, 'serverBase'>;
  readonly serverBase: string;
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function ImportedSummariesCard({
  patientId,
  chart,
  serverBase,
}: ImportedSummariesCardProps): React.JSX.Element | null {
  const { t } = useTranslation('ips');
  // Like the consult dock: offered once the signed-in offline layer is up. It lists what is
  // cached, and a chart shown without one (a component test, a preview) has no session to
  // import with. Without a cache the stand-alone IPS screen still imports (not kept).
  const offline = useOptionalOffline();
  const local = useMemo(
    () => localMedicationFacts({ byType: chart.byType, index: chart.index, serverBase }),
    [chart.byType, chart.index, serverBase],
  );
  if (!offline || !FHIR_ID.test(patientId)) return null;
  return (
    <Card withBorder mb="md" data-testid="imported-summaries-card">
      <Title order={4} mb="xs">
        {t('imported.title')}
      </Title>
      <IpsPanel patientId={patientId} localMedications={local} importFolded />
    </Card>
  );
}
