/**
 * The screen the app starts on when a configuration file is unusable (issue 7 item 2): it
 * names the file and the setting. A broken clinic file blocks the app (no fallback to the
 * user's settings); a broken user file is reported and can be passed by.
 */
import { Alert, Button, Code, Container, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConfigProblem } from '../../../../shared/config/app-config';

export interface ConfigProblemScreenProps {
  problems: readonly ConfigProblem[];
  /** Shown only when no problem blocks: go on without the broken file. */
  onContinue?: () => void;
}

export function ConfigProblemScreen(props: ConfigProblemScreenProps) {
  const { t } = useTranslation('settings');
  const blocking = props.problems.some((p) => p.blocking);
  return (
    <Container size="md" py="xl" data-testid="config-problem" data-blocking={String(blocking)}>
      <Stack>
        <Title order={1}>
          {blocking ? t('problem.title-blocking') : t('problem.title-warning')}
        </Title>
        <Alert color={blocking ? 'red' : 'yellow'} role="alert">
          <Text size="sm">{blocking ? t('problem.body-blocking') : t('problem.body-warning')}</Text>
        </Alert>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('problem.file')}</Table.Th>
              <Table.Th scope="col">{t('problem.field')}</Table.Th>
              <Table.Th scope="col">{t('problem.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.problems.map((problem, index) => (
              <Table.Tr key={index} data-testid="config-problem-row">
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {problem.file.kind === 'managed'
                      ? t('problem.file-managed')
                      : t('problem.file-user')}
                  </Text>
                  <Code data-i18n-ignore data-testid="config-problem-path">
                    {problem.file.path}
                  </Code>
                </Table.Td>
                <Table.Td>
                  {problem.field.startsWith('(') ? (
                    <Text size="sm">{t('problem.whole-file')}</Text>
                  ) : (
                    <Code data-i18n-ignore data-testid="config-problem-field">
                      {problem.field}
                    </Code>
                  )}
                </Table.Td>
                {/* The validator's own words (English), like other technical error details. */}
                <Table.Td data-i18n-ignore>
                  <Text size="sm">{problem.message}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {!blocking && props.onContinue ? (
          <Button onClick={props.onContinue} w="fit-content" data-testid="config-problem-continue">
            {t('problem.continue')}
          </Button>
        ) : null}
      </Stack>
    </Container>
  );
}
