/**
 * One Composition section: its name in the clinician's language beside the title as sent, why
 * it is empty (if it is), its coded entries, and its narrative as sent behind a toggle. The
 * narrative goes through the narrative jail (sanitised, sandboxed iframe): it is foreign XHTML.
 * @see https://build.fhir.org/ig/HL7/fhir-ips/StructureDefinition-Composition-uv-ips.html
 */
import { useMemo, useState } from 'react';
import { Badge, Box, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  summarizeEntry,
  summarizeResource,
  type EntrySummary,
} from '../../../../shared/ips/entry-summary';
import type { IpsDocument, IpsSection, IpsSectionEntry } from '../../../../shared/ips/model';
import type { NarrativeLink, NarrativeLinks } from '../../../../shared/ips/narrative-links';
import { resolveReference } from '../../../../shared/ips/references';
import { NarrativeFrame } from '../../ui/narrative/NarrativeFrame';
import type { TranslationContext } from './ConceptTranslation';
import { IpsEntryCard } from './IpsEntryCard';

/** The link the clinician follows, and from which side they started. */
export interface ActiveLink {
  readonly link: NarrativeLink;
  readonly from: 'entry' | 'narrative';
}

export interface IpsSectionViewProps {
  readonly doc: IpsDocument;
  readonly section: IpsSection;
  readonly ctx: TranslationContext;
  /** The document's narrative ↔ entry links (findNarrativeLinks). */
  readonly links: NarrativeLinks;
  readonly active: ActiveLink | undefined;
  readonly onActivate: (active: ActiveLink | undefined) => void;
}

const keyOf = (path: readonly number[]): string => path.join('.');

/** The Bundle position of a section entry's target; undefined for contained or unresolved. */
function targetIndex(entry: IpsSectionEntry): number | undefined {
  return entry.resolution.ok && !entry.resolution.target.contained
    ? entry.resolution.target.entryIndex
    : undefined;
}

/** A contained target is summarised itself, not its container entry. */
function summaryOf(doc: IpsDocument, entry: IpsSectionEntry): EntrySummary | undefined {
  if (!entry.resolution.ok) return undefined;
  const target = entry.resolution.target;
  if (!target.contained) return summarizeEntry(doc, target.entryIndex);
  return summarizeResource(target.resource, (ref) => {
    const r = resolveReference(doc.index, ref, target.entryIndex);
    return r.ok ? r.target.resource : undefined;
  });
}

function EmptyReason({ section }: { section: IpsSection }): React.JSX.Element | null {
  const { t } = useTranslation('ips');
  const reason = section.emptyReason;
  if (!reason) return null;
  const asSent = reason.concept.text ?? reason.concept.coding?.find((c) => c.display)?.display;
  return (
    <Paper
      p="xs"
      withBorder
      data-testid="empty-reason"
      data-kind={reason.kind}
      bg={reason.kind === 'none-known' ? 'green.0' : 'yellow.0'}
    >
      <Text fw={600}>{t(`emptyReason.${reason.kind}`)}</Text>
      {asSent ? (
        <Text size="xs" c="dimmed">
          {t('emptyReason.asSent')} <span data-i18n-ignore>{asSent}</span>
        </Text>
      ) : null}
    </Paper>
  );
}

export function IpsSectionView(props: IpsSectionViewProps): React.JSX.Element {
  const { doc, section, ctx, links, active, onActivate } = props;
  const { t } = useTranslation('ips');
  const narrative = section.narrative?.div.trim() ? section.narrative : undefined;
  // With nothing coded to show, the narrative is the content: open it by default.
  const [showNarrative, setShowNarrative] = useState(section.entries.length === 0);
  const sectionKey = keyOf(section.path);
  // By entry: the frame lists rows in narrative order, several entries of one row in this order.
  const sectionLinks = useMemo(
    () =>
      links.links
        .filter((l) => keyOf(l.sectionPath) === sectionKey)
        .sort((a, b) => a.entryIndex - b.entryIndex),
    [links, sectionKey],
  );
  const activeHere = active !== undefined && keyOf(active.link.sectionPath) === sectionKey;
  // Following a link into this section opens its narrative.
  const narrativeOpen = showNarrative || activeHere;
  /** The link to follow from an entry: into this section's narrative first. */
  const linkOf = (index: number | undefined): NarrativeLink | undefined => {
    if (index === undefined) return undefined;
    const all = links.byEntry.get(index) ?? [];
    return all.find((l) => keyOf(l.sectionPath) === sectionKey) ?? all[0];
  };
  const name = section.definition
    ? t(section.definition.titleKey, { defaultValue: section.definition.defaultTitle })
    : t('section.unknown');
  const hasCoded = section.entries.length > 0 || section.emptyReason !== undefined;
  return (
    <Paper
      component="section"
      withBorder
      p="sm"
      data-testid="ips-section"
      data-loinc={section.loinc ?? ''}
      aria-label={name}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="baseline">
          <Group gap="xs" align="baseline">
            <Title order={4}>{name}</Title>
            {section.title ? (
              <Text size="sm" c="dimmed" data-testid="section-title-as-sent" data-i18n-ignore>
                {section.title}
              </Text>
            ) : null}
          </Group>
          {section.loinc ? (
            <Badge size="xs" variant="outline" data-i18n-ignore>
              LOINC {section.loinc}
            </Badge>
          ) : null}
        </Group>
        <SimpleGrid cols={{ base: 1, md: narrativeOpen && narrative && hasCoded ? 2 : 1 }}>
          {hasCoded ? (
            <Stack gap="xs">
              <EmptyReason section={section} />
              {section.entries.map((entry, i) => {
                const index = targetIndex(entry);
                const link = linkOf(index);
                return (
                  <IpsEntryCard
                    key={i}
                    entry={entry}
                    summary={summaryOf(doc, entry)}
                    ctx={ctx}
                    entryIndex={index}
                    highlighted={index !== undefined && active?.link.entryIndex === index}
                    onShowInNarrative={link ? () => onActivate({ link, from: 'entry' }) : undefined}
                  />
                );
              })}
            </Stack>
          ) : null}
          {narrative && narrativeOpen ? (
            // The anchor IpsViewer scrolls to when an entry asks for its row.
            <Box data-ips-narrative-section={sectionKey}>
              <NarrativeFrame
                div={narrative.div}
                title={t('narrative.frameTitle', { section: section.title ?? name })}
                highlightId={activeHere ? active.link.elementId : undefined}
                rowLinks={{
                  links: sectionLinks,
                  onFollow: (link) => onActivate({ link, from: 'narrative' }),
                  heading: t('links.rowsTitle'),
                  buttonTitle: t('links.showEntry'),
                }}
              />
            </Box>
          ) : null}
        </SimpleGrid>
        {!hasCoded && !narrative ? (
          <Text size="sm" c="orange">
            {t('section.noContent')}
          </Text>
        ) : null}
        {narrative ? (
          <Group data-ips-no-print="">
            <Button
              variant="subtle"
              size="compact-sm"
              data-testid="show-narrative"
              aria-expanded={narrativeOpen}
              onClick={() => {
                if (activeHere) onActivate(undefined);
                setShowNarrative(!narrativeOpen);
              }}
            >
              {narrativeOpen ? t('narrative.hide') : t('narrative.show')}
            </Button>
          </Group>
        ) : null}
        {section.sections.map((sub) => (
          <IpsSectionView key={keyOf(sub.path)} {...props} section={sub} />
        ))}
      </Stack>
    </Paper>
  );
}
