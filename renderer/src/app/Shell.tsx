import { Anchor, AppShell, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Patient } from 'fhir/r4';
import { PatientView } from '../features/records/PatientView';
import { TriagePage } from '../features/monitoring/TriagePage';
import { IpsPanel } from '../features/ips/IpsPanel';
import { SettingsPage } from '../features/settings/SettingsPage';
import { AuditTrailPage } from '../features/audit/AuditTrailPage';
import { PatientSearchPage } from '../features/search/PatientSearchPage';
import { useRecentPatients } from '../features/search/useRecentPatients';
import { useFhir } from '../fhir/FhirProvider';
import { AppHeader } from './AppHeader';
import { BannerArea } from './banners';
import { ErrorBoundary } from './ErrorBoundary';
import { routeHref, useRoute } from './router';

export const MAIN_CONTENT_ID = 'main-content';

/** Remember a chart opened directly (EHR launch, bookmark) in the recent list. */
function RememberOpened(props: { patientId: string }) {
  const api = useFhir();
  const { record } = useRecentPatients();
  useEffect(() => {
    const controller = new AbortController();
    api
      .read<Patient>('Patient', props.patientId, controller.signal)
      .then((patient) => record(patient.id))
      .catch(() => undefined);
    return () => controller.abort();
  }, [api, props.patientId, record]);
  return null;
}

function NotFound() {
  const { t } = useTranslation('common');
  return (
    <Stack data-testid="not-found">
      <Title order={1} size="h2">
        {t('not-found.title')}
      </Title>
      <Text>
        <Anchor href={routeHref({ name: 'search' })}>{t('not-found.back')}</Anchor>
      </Text>
    </Stack>
  );
}

/** The signed-in application: header, banners, and the routed main content. */
export function Shell() {
  const { t } = useTranslation('common');
  const route = useRoute();
  const resetKey = routeHref(route);
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <AppHeader />
      </AppShell.Header>
      <AppShell.Main>
        <Stack gap="md">
          <BannerArea closeLabel={t('banner.close')} />
          <main id={MAIN_CONTENT_ID} tabIndex={-1} style={{ outline: 'none' }}>
            <ErrorBoundary resetKey={resetKey}>
              {route.name === 'search' && <PatientSearchPage />}
              {route.name === 'monitoring' && <TriagePage />}
              {route.name === 'ips' && <IpsPanel />}
              {route.name === 'settings' && <SettingsPage />}
              {route.name === 'audit' && <AuditTrailPage />}
              {route.name === 'patient' && (
                <div data-testid="patient-route" data-patient-id={route.patientId}>
                  <RememberOpened patientId={route.patientId} />
                  <PatientView
                    key={route.patientId}
                    patientId={route.patientId}
                    {...(route.section ? { section: route.section } : {})}
                  />
                </div>
              )}
              {route.name === 'not-found' && <NotFound />}
            </ErrorBoundary>
          </main>
        </Stack>
      </AppShell.Main>
    </AppShell>
  );
}
