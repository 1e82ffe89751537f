/**
 * The "as of" line of one card or section: when the oldest of its records was fetched into the
 * cache, and when the newest was last changed on the server (`meta.lastUpdated`). Reads the
 * fetch times of the chart on screen from {@link ChartFetchedAtContext}; renders nothing for a
 * chart loaded straight from the network (no cache times to show).
 */
import { Text } from '@mantine/core';
import type { FhirResource } from 'fhir/r4';
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAsOf } from '../../offline/format-as-of';

export const ChartFetchedAtContext = createContext<ReadonlyMap<string, number> | undefined>(
  undefined,
);

export function CardAsOf(props: { resources: readonly FhirResource[] }): React.JSX.Element | null {
  const { t, i18n } = useTranslation('records');
  const fetchedAt = useContext(ChartFetchedAtContext);
  if (!fetchedAt || props.resources.length === 0) return null;
  let oldest: number | undefined;
  let changed: string | undefined;
  for (const r of props.resources) {
    const at = fetchedAt.get(`${r.resourceType}/${r.id ?? ''}`);
    if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
    const updated = r.meta?.lastUpdated;
    if (updated !== undefined && (changed === undefined || updated > changed)) changed = updated;
  }
  if (oldest === undefined) return null;
  const language = i18n.resolvedLanguage ?? i18n.language;
  return (
    <Text size="xs" c="dimmed" data-testid="card-as-of">
      {t('freshness.card')} <span data-i18n-ignore="">{formatAsOf(oldest, language)}</span>
      {changed !== undefined ? (
        <>
          {' · '}
          {t('freshness.changed')}{' '}
          <span data-i18n-ignore="">{formatAsOf(Date.parse(changed), language)}</span>
        </>
      ) : null}
    </Text>
  );
}
