/** Summary: active problems, active medications, allergies and the latest vital signs. */
import type { AllergyIntolerance, Condition, Observation, Patient } from 'fhir/r4';
import { useMemo, useState } from 'react';
import { Button, Card, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCodeableConcept } from '../../../../../shared/fhir/codings';
import { latestPerCode } from '../../../../../shared/fhir/observations';
import type { ResourceIndex } from '../../../../../shared/fhir/references';
import { NarrativeFrame } from '../../../ui/narrative/NarrativeFrame';
import { activeConditions, activeMedications, type MedicationEntry } from '../chart-model';
import { CardAsOf } from '../CardAsOf';
import { Data, NoneRecorded, NotLoaded } from '../ChartStates';
import { useFormatDate } from '../format';
import { AllergiesTable } from './AllergiesSection';
import { MedicationsTable } from './MedicationsSection';
import { usePointText } from './VitalsSection';

export interface SummaryProps {
  patient: Patient;
  conditions: Condition[];
  medications: MedicationEntry[];
  allergies: AllergyIntolerance[];
  observations: Observation[];
  index: ResourceIndex;
  /** Base of the signed-in server: absolute references resolve only under it. */
  serverBase?: string | undefined;
  /** Types that could not be loaded: their cards say so instead of "none recorded". */
  missingTypes?: readonly string[];
}

function LatestVitals(props: { observations: Observation[] }): React.JSX.Element {
  const formatDate = useFormatDate();
  const pointText = usePointText();
  const latest = useMemo(
    () => latestPerCode(props.observations, 'vital-signs'),
    [props.observations],
  );
  if (latest.length === 0) return <NoneRecorded />;
  return (
    <Table data-testid="latest-vitals">
      <Table.Tbody>
        {latest.map((p, i) => (
          <Table.Tr key={p.observation.id ?? i}>
            <Table.Td>
              <Data>{formatCodeableConcept(p.observation.code)}</Data>
            </Table.Td>
            <Table.Td>
              <Data fw={600}>{pointText(p)}</Data>
            </Table.Td>
            <Table.Td>
              <Data>{formatDate(p.date)}</Data>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function SummarySection(props: SummaryProps): React.JSX.Element {
  const { t } = useTranslation('records');
  const [showNarrative, setShowNarrative] = useState(false);
  const problems = activeConditions(props.conditions);
  const meds = activeMedications(props.medications);
  const narrative = props.patient.text?.div;
  const missing = props.missingTypes ?? [];
  const missingMeds = missing.filter(
    (x) => x === 'MedicationRequest' || x === 'MedicationStatement',
  );
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder data-testid="summary-problems">
          <Title order={3} size="h5" mb="xs">
            {t('summary.activeProblems')}
          </Title>
          <CardAsOf resources={problems} />
          {missing.includes('Condition') ? (
            <NotLoaded types={['Condition']} />
          ) : problems.length === 0 ? (
            <NoneRecorded />
          ) : (
            <Stack gap={2}>
              {problems.map((c, i) => (
                <Data key={c.id ?? i}>{formatCodeableConcept(c.code)}</Data>
              ))}
            </Stack>
          )}
        </Card>
        <Card withBorder data-testid="summary-allergies">
          <Title order={3} size="h5" mb="xs">
            {t('summary.allergies')}
          </Title>
          <CardAsOf resources={props.allergies} />
          <AllergiesTable
            allergies={props.allergies}
            compact
            notLoaded={missing.includes('AllergyIntolerance')}
          />
        </Card>
        <Card withBorder data-testid="summary-medications">
          <Title order={3} size="h5" mb="xs">
            {t('summary.activeMedications')}
          </Title>
          <CardAsOf resources={meds} />
          <MedicationsTable
            medications={meds}
            index={props.index}
            serverBase={props.serverBase}
            missingTypes={missingMeds}
            compact
          />
        </Card>
        <Card withBorder data-testid="summary-vitals">
          <Title order={3} size="h5" mb="xs">
            {t('summary.latestVitals')}
          </Title>
          <CardAsOf resources={props.observations} />
          {missing.includes('Observation') ? (
            <NotLoaded types={['Observation']} />
          ) : (
            <LatestVitals observations={props.observations} />
          )}
        </Card>
      </SimpleGrid>
      {narrative ? (
        <Stack gap={4}>
          <Button
            variant="subtle"
            size="xs"
            onClick={() => setShowNarrative((s) => !s)}
            aria-expanded={showNarrative}
            style={{ alignSelf: 'flex-start' }}
          >
            {showNarrative ? t('narrative.hide') : t('narrative.showPatient')}
          </Button>
          {showNarrative ? (
            <NarrativeFrame div={narrative} title={t('narrative.patientTitle')} />
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
