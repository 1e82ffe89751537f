import { Anchor, Button, Group, List, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import { routeHref } from '../../app/router';
import type { RecentPatient } from './recent-patients';

export function RecentPatients(props: {
  patients: RecentPatient[];
  onOpen: (patient: RecentPatient) => void;
  onClear: () => void;
}) {
  const { t, i18n } = useTranslation('search');
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="recent-title"
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
      ) : (
        <List listStyleType="none" spacing={4}>
          {props.patients.map((p) => (
            <List.Item key={p.id} data-testid="recent-patient" data-patient-id={p.id}>
              <Anchor
                href={routeHref({ name: 'patient', patientId: p.id })}
                onClick={(event) => {
                  event.preventDefault();
                  props.onOpen(p);
                }}
                data-i18n-ignore
              >
                {p.name}
              </Anchor>{' '}
              {p.birthDate && (
                <Text span size="xs" c="dimmed" data-i18n-ignore>
                  {formatFhirDate(p.birthDate, i18n.language)}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
