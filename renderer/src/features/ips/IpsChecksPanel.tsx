/**
 * The data-checks panel: what in the document cannot be fully trusted. It sits beside the
 * document and never blocks it — the clinician always sees what was sent.
 */
import { Alert, Badge, Group, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IpsCheck } from '../../../../shared/ips/checks';
import { checkMessage } from './check-message';

export interface IpsChecksPanelProps {
  readonly checks: readonly IpsCheck[];
  /** A problem outside the document that affects the display (e.g. the pack failed to load). */
  readonly extra?: string | undefined;
}

const COLOR = { error: 'red', warning: 'orange', info: 'gray' } as const;

export function IpsChecksPanel({ checks, extra }: IpsChecksPanelProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const errors = checks.filter((c) => c.severity === 'error').length;
  return (
    <Alert
      data-testid="ips-checks"
      data-count={checks.length}
      color={errors > 0 ? 'red' : checks.length > 0 ? 'orange' : 'green'}
      title={checks.length === 0 ? t('checks.none') : t('checks.title', { count: checks.length })}
    >
      {extra ? (
        <Text size="sm" c="red" data-i18n-ignore>
          {extra}
        </Text>
      ) : null}
      {checks.length > 0 ? (
        <List size="sm" spacing={2}>
          {checks.map((check) => (
            <List.Item key={check.id} data-testid="ips-check" data-kind={check.kind}>
              <Group gap={6} wrap="nowrap" align="flex-start">
                <Badge size="xs" color={COLOR[check.severity]}>
                  {t(`severity.${check.severity}`)}
                </Badge>
                <Text size="sm" data-testid="ips-check-message">
                  {checkMessage(t, check)}
                </Text>
              </Group>
            </List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}
