/**
 * Timeline: every clinical resource by its clinical date, newest first, 100 at a time with
 * "show more" (so a chart with 10,000 Observations renders 100 rows, not 10,000), filterable
 * by type. Entered-in-error records are left out (and counted).
 */
import type { FhirResource } from 'fhir/r4';
import { useMemo, useState } from 'react';
import { Badge, Button, Chip, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ResourceIndex } from '../../../../../shared/fhir/references';
import { isEnteredInError } from '../../../../../shared/fhir/status';
import { Data, EnteredInErrorNote, NoneRecorded, NotLoaded } from '../ChartStates';
import { useFormatDate } from '../format';
import { buildTimeline, resourceSummary } from '../timeline';

export const TIMELINE_PAGE = 100;

export function TimelineSection(props: {
  resources: FhirResource[];
  index: ResourceIndex;
  /** Base of the signed-in server: absolute references resolve only under it. */
  serverBase?: string | undefined;
  /** Types that could not be loaded: the timeline says it lacks them. */
  missingTypes?: readonly string[];
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const formatDate = useFormatDate();
  const entries = useMemo(() => buildTimeline(props.resources), [props.resources]);
  const inError = useMemo(
    () => props.resources.filter((r) => isEnteredInError(r)).length,
    [props.resources],
  );
  const missing = props.missingTypes ?? [];
  const types = useMemo(
    () => [...new Set(entries.map((e) => e.resource.resourceType))].sort(),
    [entries],
  );
  const [hidden, setHidden] = useState<string[]>([]);
  const [limit, setLimit] = useState(TIMELINE_PAGE);
  const visible = useMemo(
    () => entries.filter((e) => !hidden.includes(e.resource.resourceType)),
    [entries, hidden],
  );
  if (entries.length === 0)
    return (
      <Stack>
        {missing.length > 0 ? <NotLoaded types={missing} /> : <NoneRecorded />}
        <EnteredInErrorNote count={inError} />
      </Stack>
    );
  return (
    <Stack>
      <NotLoaded types={missing} />
      <Chip.Group
        multiple
        value={types.filter((x) => !hidden.includes(x))}
        onChange={(shown) => {
          setHidden(types.filter((x) => !shown.includes(x)));
          setLimit(TIMELINE_PAGE);
        }}
      >
        <Group gap={6} aria-label={t('timeline.filter')} role="group">
          {types.map((type) => (
            <Chip key={type} value={type} size="xs">
              {t(`types.${type}`, { defaultValue: type })}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Text size="sm" c="dimmed" data-testid="timeline-count">
        {t('timeline.count', { shown: Math.min(limit, visible.length), total: visible.length })}
      </Text>
      <Table striped data-testid="timeline-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('timeline.date')}</Table.Th>
            <Table.Th>{t('timeline.type')}</Table.Th>
            <Table.Th>{t('timeline.what')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {visible.slice(0, limit).map((e, i) => (
            <Table.Tr
              key={`${e.resource.resourceType}/${e.resource.id ?? String(i)}`}
              data-testid="timeline-row"
            >
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Data>{formatDate(e.date)}</Data>
              </Table.Td>
              <Table.Td>
                <Badge variant="light">
                  {t(`types.${e.resource.resourceType}`, { defaultValue: e.resource.resourceType })}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Data>{resourceSummary(e.resource, props.index, props.serverBase)}</Data>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <EnteredInErrorNote count={inError} />
      {visible.length > limit ? (
        <Button variant="default" onClick={() => setLimit((l) => l + TIMELINE_PAGE)}>
          {t('common.showMore', { shown: limit, total: visible.length })}
        </Button>
      ) : null}
    </Stack>
  );
}
