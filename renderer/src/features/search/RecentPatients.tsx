import { Anchor, Button, Group, List, Loader, Paper, Text, Title } from '@mantine/core';
import type { Patient } from 'fhir/r4';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import { formatHumanName } from '../../../../shared/fhir/human-name';
import { routeHref } from '../../app/router';
import { useSession } from '../../fhir/FhirProvider';
import type { RecentPatient } from './recent-patients';
import { useRecentPatientDetails } from './useRecentPatientDetails';

function RecentItem(props: {
  entry: RecentPatient;
  patient: Patient | null | undefined;
  onOpen: (patientId: string) => void;
}) {
  const { t, i18n } = useTranslation('search');
  const { entry, patient } = props;
  const name = patient ? formatHumanName(patient.name) || t('results.unnamed') : undefined;
  return (
    <List.Item data-testid="recent-patient" data-patient-id={entry.id}>
      <Anchor
        href={routeHref({ name: 'patient', patientId: entry.id })}
        onClick={(event) => {
          event.preventDefault();
          props.onOpen(entry.id);
        }}
        {...(name ? { 'data-i18n-ignore': true } : {})}
      >
        {name ?? t('recent.unavailable', { id: entry.id })}
      </Anchor>{' '}
      {patient?.birthDate && (
        <Text span size="xs" c="dimmed" data-i18n-ignore>
          {formatFhirDate(patient.birthDate, i18n.language)}
        </Text>
      )}
    </List.Item>
  );
}

/** The recent list: ids from storage, names read from the server when shown. */
export function RecentPatients(props: {
  patients: RecentPatient[];
  onOpen: (patientId: string) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation('search');
  const session = useSession();
  const { details, retry } = useRecentPatientDetails(props.patients.map((p) => p.id));
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="recent-title"
      aria-busy={details.k === 'loading' && props.patients.length > 0}
      data-testid="recent-patients"
    >
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="recent-title">
          {t('recent.title')}
        </Title>
        {props.patients.length > 0 && (
          <Button size="compact-xs" variant="subtle" onClick={props.onClear}>
            {t('recent.clear')}
          </Button>
        )}
      </Group>
      {props.patients.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('recent.empty')}
        </Text>
      ) : details.k === 'loading' ? (
        <Group gap="xs" data-testid="recent-patients-loading">
          <Loader size="xs" aria-hidden />
          <Text size="sm">{t('recent.loading')}</Text>
        </Group>
      ) : (
        <>
          {details.k === 'error' && (
            <Group gap="xs" mb="xs" data-testid="recent-patients-error">
              <Text size="sm" c="red">
                {t('recent.load-failed', { server: session.server.name })}
              </Text>
              <Button size="compact-xs" variant="light" onClick={retry}>
                {t('error.retry')}
              </Button>
            </Group>
          )}
          <List listStyleType="none" spacing={4}>
            {props.patients.map((entry) => (
              <RecentItem
                key={entry.id}
                entry={entry}
                patient={details.k === 'done' ? details.byId.get(entry.id) : undefined}
                onOpen={props.onOpen}
              />
            ))}
          </List>
        </>
      )}
    </Paper>
  );
}
