import {
  Alert,
  Button,
  Grid,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { Patient } from 'fhir/r4';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { useFhir, useSession } from '../../fhir/FhirProvider';
import { FhirErrorAlert } from './FhirErrorAlert';
import { PatientResultsTable } from './PatientResultsTable';
import { RecentPatients } from './RecentPatients';
import {
  patientSearchParams,
  validateQuery,
  type PatientQuery,
  type QueryProblem,
} from './search-params';
import { useRecentPatients } from './useRecentPatients';

type SearchState =
  | { k: 'idle' }
  | { k: 'loading' }
  | { k: 'error'; error: unknown }
  | { k: 'done'; patients: Patient[]; more: boolean };

/** Find a patient by name, identifier and birth date; recent patients beside it. */
export function PatientSearchPage() {
  const { t } = useTranslation('search');
  const api = useFhir();
  const session = useSession();
  const recent = useRecentPatients();
  const [query, setQuery] = useState<PatientQuery>({ name: '', identifier: '', birthDate: '' });
  const [problem, setProblem] = useState<QueryProblem | null>(null);
  const [state, setState] = useState<SearchState>({ k: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async (q: PatientQuery) => {
      controller.current?.abort();
      const own = new AbortController();
      controller.current = own;
      setState({ k: 'loading' });
      try {
        const bundle = await api.search('Patient', patientSearchParams(q), own.signal);
        const patients = (bundle.entry ?? []).flatMap((e) =>
          e.resource?.resourceType === 'Patient' ? [e.resource as Patient] : [],
        );
        const more = bundle.link?.some((l) => l.relation === 'next') === true;
        if (!own.signal.aborted) setState({ k: 'done', patients, more });
      } catch (error) {
        if (!own.signal.aborted) setState({ k: 'error', error });
      }
    },
    [api],
  );

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    const found = validateQuery(query);
    setProblem(found);
    if (!found) void run(query);
  };

  const open = (patient: Patient) => {
    recent.record(patient.id);
    if (patient.id) navigate({ name: 'patient', patientId: patient.id });
  };

  const field = (name: keyof PatientQuery) => ({
    value: query[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value;
      setQuery((q) => ({ ...q, [name]: value }));
    },
  });

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack>
          <Title order={1} size="h2">
            {t('title')}
          </Title>
          <Paper
            withBorder
            p="md"
            component="form"
            onSubmit={submit}
            role="search"
            aria-label={t('form-label')}
            data-testid="patient-search"
          >
            <Stack gap="sm">
              <Group grow align="flex-start">
                <TextInput
                  label={t('field.name')}
                  name="name"
                  autoComplete="off"
                  {...field('name')}
                />
                <TextInput
                  label={t('field.identifier')}
                  name="identifier"
                  autoComplete="off"
                  {...field('identifier')}
                />
                <TextInput
                  label={t('field.birth-date')}
                  name="birthDate"
                  type="date"
                  error={problem === 'bad-date' ? t('problem.bad-date') : undefined}
                  {...field('birthDate')}
                />
              </Group>
              {problem === 'empty' && (
                <Text size="sm" c="red" role="alert">
                  {t('problem.empty')}
                </Text>
              )}
              <Button type="submit" w="fit-content" data-testid="search-submit">
                {t('submit')}
              </Button>
            </Stack>
          </Paper>
          <div aria-live="polite" aria-busy={state.k === 'loading'}>
            {state.k === 'loading' && (
              <Group data-testid="search-loading">
                <Loader size="sm" aria-hidden />
                <Text>{t('loading')}</Text>
              </Group>
            )}
            {state.k === 'error' && (
              <FhirErrorAlert
                error={state.error}
                serverName={session.server.name}
                onRetry={() => void run(query)}
              />
            )}
            {state.k === 'done' && state.patients.length === 0 && (
              <Alert color="gray" data-testid="no-patients" title={t('empty.title')}>
                {t('empty.body')}
              </Alert>
            )}
            {state.k === 'done' && state.patients.length > 0 && (
              <Stack gap="xs">
                <PatientResultsTable patients={state.patients} onOpen={open} />
                {state.more && (
                  <Text size="sm" c="dimmed">
                    {t('results.more')}
                  </Text>
                )}
              </Stack>
            )}
          </div>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <RecentPatients
          patients={recent.patients}
          onOpen={(patientId) => {
            recent.record(patientId);
            navigate({ name: 'patient', patientId });
          }}
          onClear={recent.clear}
        />
      </Grid.Col>
    </Grid>
  );
}
