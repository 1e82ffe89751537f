/**
 * One section entry: its main concept (original + translation + source badge), statuses and
 * dates as sent, and the flags a clinician must not miss (an IPS "no known …" statement,
 * entered in error, parts that could not be read, a reference that does not resolve).
 */
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EntrySummary } from '../../../../shared/ips/entry-summary';
import type { FhirTime } from '../../../../shared/ips/fhir-values';
import type { IpsSectionEntry } from '../../../../shared/ips/model';
import { ConceptTranslation, type TranslationContext } from './ConceptTranslation';
import { formatValue } from './format-value';

/** A time exactly as sent: no `Date` conversion, so a date-only value never shifts a day. */
export function formatTime(time: FhirTime): string {
  switch (time.type) {
    case 'dateTime':
    case 'string':
      return time.value;
    case 'period':
      return `${time.start ?? '…'} – ${time.end ?? '…'}`;
    case 'age':
      return `${String(time.quantity.value ?? '?')} ${time.quantity.unit ?? time.quantity.code ?? ''}`.trim();
    case 'range':
      return `${String(time.range.low?.value ?? '…')}–${String(time.range.high?.value ?? '…')} ${time.range.high?.unit ?? time.range.low?.unit ?? ''}`.trim();
    case 'timing':
      return time.timing.code?.text ?? time.timing.event?.join(', ') ?? '';
  }
}

export interface IpsEntryCardProps {
  readonly entry: IpsSectionEntry;
  /** The summary of the resolved resource; undefined when the reference did not resolve. */
  readonly summary: EntrySummary | undefined;
  readonly ctx: TranslationContext;
  /** Position of the resolved entry in the Bundle (absent for contained targets). */
  readonly entryIndex?: number | undefined;
  /** Shown with a "show in narrative" button when the document links the entry to a row. */
  readonly onShowInNarrative?: (() => void) | undefined;
  /** The entry is the one the clinician is following between narrative and entries. */
  readonly highlighted?: boolean | undefined;
}

/** Marks the card the narrative points to; the viewer scrolls to and focuses it. */
const HIGHLIGHTED = {
  outline: '3px solid var(--mantine-color-orange-6)',
  outlineOffset: 1,
} as const;

export function IpsEntryCard({
  entry,
  summary,
  ctx,
  entryIndex,
  onShowInNarrative,
  highlighted = false,
}: IpsEntryCardProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  if (!summary) {
    return (
      <Paper withBorder p="xs" data-testid="ips-entry" data-resolved="false">
        <Text size="sm" c="red">
          {t('entry.unresolved')}{' '}
          <span data-i18n-ignore>{entry.reference.display ?? entry.reference.reference ?? ''}</span>
        </Text>
      </Paper>
    );
  }
  return (
    <Paper
      withBorder
      p="xs"
      data-testid="ips-entry"
      data-resolved="true"
      data-kind={summary.kind}
      data-ips-entry-index={entryIndex}
      data-highlighted={highlighted ? 'true' : undefined}
      tabIndex={entryIndex === undefined ? undefined : -1}
      style={{
        ...(summary.enteredInError ? { textDecoration: 'line-through' } : {}),
        ...(highlighted ? HIGHLIGHTED : {}),
      }}
    >
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <ConceptTranslation concept={summary.main} fallbackText={summary.mainDisplay} ctx={ctx} />
          <Text size="xs" c="dimmed" data-i18n-ignore>
            {summary.resourceType}
          </Text>
        </Group>
        <Group gap={4} wrap="wrap">
          {summary.absence ? (
            <Badge size="sm" color="gray" data-testid="entry-absence" data-kind={summary.absence}>
              {t(`absence.${summary.absence}`)}
            </Badge>
          ) : null}
          {summary.enteredInError ? (
            <Badge size="sm" color="red">
              {t('entry.enteredInError')}
            </Badge>
          ) : null}
          {summary.statuses.map((s) =>
            s.code ? (
              <Badge key={s.label} size="sm" variant="outline" data-i18n-ignore>
                {s.code}
              </Badge>
            ) : null,
          )}
        </Group>
        {summary.dates.map((d) => (
          <Text key={d.label} size="xs">
            {t(`date.${d.label}`)}: <span data-i18n-ignore>{formatTime(d.time)}</span>
          </Text>
        ))}
        {summary.values.map((v, i) => {
          const text = formatValue(v.value);
          return (
            <Text key={`${v.label}-${String(i)}`} size="sm" data-testid="entry-value">
              {t(`value.${v.label}`)}:{' '}
              {text === undefined ? (
                <Text span c="orange">
                  {t('entry.unsupportedValue')}
                </Text>
              ) : (
                <span data-i18n-ignore>{text}</span>
              )}
            </Text>
          );
        })}
        {summary.unreadable.length > 0 ? (
          <Text size="xs" c="orange">
            {t('entry.unreadable')} <span data-i18n-ignore>{summary.unreadable.join(', ')}</span>
          </Text>
        ) : null}
        {onShowInNarrative ? (
          <Group data-ips-no-print="">
            <Button
              variant={highlighted ? 'light' : 'subtle'}
              size="compact-xs"
              data-testid="entry-narrative-link"
              aria-pressed={highlighted}
              onClick={onShowInNarrative}
            >
              {t('links.showInNarrative')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
