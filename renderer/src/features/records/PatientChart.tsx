/**
 * The patient chart for an explicit {@link FhirApi}: banner plus tabbed sections. Tabs render
 * only the active panel (`keepMounted={false}`), so a 10,000-Observation chart does not build
 * every table up front.
 */
import type {
  AllergyIntolerance,
  Condition,
  DiagnosticReport,
  DocumentReference,
  Encounter,
  FhirResource,
  ImagingStudy,
  Immunization,
  Observation,
} from 'fhir/r4';
import { useState } from 'react';
import { Alert, Group, Stack, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FhirApi } from '../../fhir/FhirApi';
import type { MedicationEntry } from './chart-model';
import { AsOfLine, PinControl } from './ChartFreshness';
import { CancelledState, ErrorState, LoadingState } from './ChartStates';
import type { ChartData } from './load-chart';
import { PatientBanner } from './PatientBanner';
import { CardAsOf, ChartFetchedAtContext } from './CardAsOf';
import { CHART_TABS, type ChartTab } from './chart-tabs';
import { AllergiesSection } from './sections/AllergiesSection';
import { DocumentsSection } from './sections/DocumentsSection';
import { ImagingSection } from './sections/ImagingSection';
import { MedicationsTable } from './sections/MedicationsSection';
import { NotesSection } from './sections/NotesSection';
import { PatientMonitoring } from '../monitoring/PatientMonitoring';
import { ProblemsSection } from './sections/ProblemsSection';
import { EncountersSection, ImmunizationsSection } from './sections/SimpleSections';
import { SummarySection } from './sections/SummarySection';
import { TimelineSection } from './sections/TimelineSection';
import { VitalsSection } from './sections/VitalsSection';
import { usePatientChart } from './usePatientChart';
import { ConsultDock } from '../consult/ConsultDock';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { ImportedSummariesCard } from '../ips/ImportedSummariesCard';

/** Tab values, also usable in E2E as `[role=tab]` names via their translated labels. */
export { CHART_TABS, type ChartTab } from './chart-tabs';

function ofType<T extends FhirResource>(data: ChartData, type: T['resourceType']): T[] {
  return (data.byType.get(type) ?? []) as T[];
}

function ChartTabs(props: {
  data: ChartData;
  fhir: FhirApi;
  section?: string | undefined;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const { data } = props;
  // A route such as `#/patient/<id>/monitoring` opens that section.
  const [tab, setTab] = useState<ChartTab>(() =>
    (CHART_TABS as readonly string[]).includes(props.section ?? '')
      ? (props.section as ChartTab)
      : 'summary',
  );
  const [highlightReport, setHighlightReport] = useState<string | undefined>(undefined);
  const conditions = ofType<Condition>(data, 'Condition');
  const medications: MedicationEntry[] = [
    ...ofType<MedicationEntry>(data, 'MedicationRequest'),
    ...ofType<MedicationEntry>(data, 'MedicationStatement'),
  ];
  const allergies = ofType<AllergyIntolerance>(data, 'AllergyIntolerance');
  const observations = ofType<Observation>(data, 'Observation');
  const reports = ofType<DiagnosticReport>(data, 'DiagnosticReport');
  // Absolute references resolve only under the signed-in server's base (never another server's).
  const serverBase = props.fhir.serverUrl;
  // Types the per-type fallback could not load: their sections say so, never "none recorded".
  const missing = data.missingTypes;
  const missingOf = (...types: string[]): string[] => missing.filter((x) => types.includes(x));
  const openReport = (id: string): void => {
    setHighlightReport(id);
    setTab('documents');
    requestAnimationFrame(() =>
      document.getElementById(`report-${id}`)?.scrollIntoView({ block: 'center' }),
    );
  };
  return (
    <Tabs
      value={tab}
      onChange={(v) => v && setTab(v as ChartTab)}
      keepMounted={false}
      data-testid="chart-tabs"
    >
      <Tabs.List aria-label={t('tabs.label')}>
        {CHART_TABS.map((value) => (
          <Tabs.Tab key={value} value={value} data-testid={`tab-${value}`}>
            {t(`tabs.${value}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="summary" pt="md">
        <ImportedSummariesCard
          patientId={data.patient.id ?? ''}
          chart={data}
          serverBase={serverBase}
        />
        <SummarySection
          patient={data.patient}
          conditions={conditions}
          medications={medications}
          allergies={allergies}
          observations={observations}
          index={data.index}
          serverBase={serverBase}
          missingTypes={missing}
        />
      </Tabs.Panel>
      <Tabs.Panel value="problems" pt="md">
        <CardAsOf resources={conditions} />
        <ProblemsSection conditions={conditions} notLoaded={missing.includes('Condition')} />
      </Tabs.Panel>
      <Tabs.Panel value="medications" pt="md">
        <CardAsOf resources={medications} />
        <MedicationsTable
          medications={medications}
          index={data.index}
          serverBase={serverBase}
          missingTypes={missingOf('MedicationRequest', 'MedicationStatement')}
        />
      </Tabs.Panel>
      <Tabs.Panel value="allergies" pt="md">
        <CardAsOf resources={allergies} />
        <AllergiesSection
          allergies={allergies}
          notLoaded={missing.includes('AllergyIntolerance')}
        />
      </Tabs.Panel>
      <Tabs.Panel value="immunizations" pt="md">
        <CardAsOf resources={ofType<Immunization>(data, 'Immunization')} />
        <ImmunizationsSection
          immunizations={ofType<Immunization>(data, 'Immunization')}
          notLoaded={missing.includes('Immunization')}
        />
      </Tabs.Panel>
      <Tabs.Panel value="vitals" pt="md">
        <CardAsOf resources={observations} />
        <VitalsSection observations={observations} notLoaded={missing.includes('Observation')} />
      </Tabs.Panel>
      <Tabs.Panel value="encounters" pt="md">
        <CardAsOf resources={ofType<Encounter>(data, 'Encounter')} />
        <EncountersSection
          encounters={ofType<Encounter>(data, 'Encounter')}
          index={data.index}
          serverBase={serverBase}
          notLoaded={missing.includes('Encounter')}
        />
      </Tabs.Panel>
      <Tabs.Panel value="imaging" pt="md">
        <CardAsOf resources={ofType<ImagingStudy>(data, 'ImagingStudy')} />
        <ImagingSection
          studies={ofType<ImagingStudy>(data, 'ImagingStudy')}
          reports={reports}
          onOpenReport={openReport}
          serverBase={serverBase}
          missingTypes={missingOf('ImagingStudy', 'DiagnosticReport')}
        />
      </Tabs.Panel>
      <Tabs.Panel value="documents" pt="md">
        <CardAsOf
          resources={[...ofType<DocumentReference>(data, 'DocumentReference'), ...reports]}
        />
        <DocumentsSection
          documents={ofType<DocumentReference>(data, 'DocumentReference')}
          reports={reports}
          fhir={props.fhir}
          highlightReportId={highlightReport}
          missingTypes={missingOf('DocumentReference', 'DiagnosticReport')}
        />
      </Tabs.Panel>
      <Tabs.Panel value="timeline" pt="md">
        <CardAsOf resources={data.resources} />
        <TimelineSection
          resources={data.resources}
          index={data.index}
          serverBase={serverBase}
          missingTypes={missing}
        />
      </Tabs.Panel>
      <Tabs.Panel value="notes" pt="md">
        <NotesSection patientId={data.patient.id ?? ''} />
      </Tabs.Panel>
      <Tabs.Panel value="monitoring" pt="md">
        <PatientMonitoring patientId={data.patient.id ?? ''} />
      </Tabs.Panel>
    </Tabs>
  );
}

export interface PatientChartProps {
  patientId: string;
  fhir: FhirApi;
  /** The chart section to open first (from the route). */
  section?: string;
}

export function PatientChart(props: PatientChartProps): React.JSX.Element {
  const { t } = useTranslation('records');
  const chart = usePatientChart(props.fhir, props.patientId);
  const offline = useOptionalOffline();
  const { state, patient, retry, cancel } = chart;
  if (state.status !== 'ready') {
    return (
      <Stack data-testid="patient-chart-pending">
        {patient ? <PatientBanner patient={patient} /> : null}
        {state.status === 'loading' ? (
          <LoadingState loaded={state.loaded} onCancel={cancel} />
        ) : state.status === 'cancelled' ? (
          <CancelledState onRetry={retry} />
        ) : (
          <ErrorState error={state.error} onRetry={retry} />
        )}
      </Stack>
    );
  }
  const { data } = state;
  return (
    <Stack data-testid="patient-chart">
      <PatientBanner patient={data.patient} />
      <Group justify="space-between" gap="xs">
        {chart.asOf === undefined ? null : (
          <AsOfLine
            asOf={chart.asOf}
            syncing={chart.syncing}
            {...(chart.syncError === undefined ? {} : { syncError: chart.syncError })}
          />
        )}
        <PinControl patientId={props.patientId} />
      </Group>
      {chart.unreadable.length > 0 ? (
        <Alert color="yellow" data-testid="chart-unreadable">
          {t('state.unreadable', { count: chart.unreadable.length })}
        </Alert>
      ) : null}
      {data.missingTypes.length > 0 ? (
        <Alert color="yellow" data-testid="chart-partial">
          {t('state.partial', {
            types: data.missingTypes.map((x) => t(`types.${x}`, { defaultValue: x })).join(', '),
          })}
        </Alert>
      ) : null}
      {/* Consults write through the outbox: offered when the signed-in offline layer is up. */}
      {offline ? <ConsultDock patientId={props.patientId} chart={data} /> : null}
      <ChartFetchedAtContext.Provider value={data.fetchedAt}>
        <ChartTabs data={data} fhir={props.fhir} section={props.section} />
      </ChartFetchedAtContext.Provider>
    </Stack>
  );
}
