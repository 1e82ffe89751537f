/**
 * One Composition section: its name in the clinician's language beside the title as sent, why
 * it is empty (if it is), its coded entries, and its narrative as sent behind a toggle. The
 * narrative goes through the narrative jail (sanitised, sandboxed iframe): it is foreign XHTML.
 * @see https://build.fhir.org/ig/HL7/fhir-ips/StructureDefinition-Composition-uv-ips.html
 */
import { useState } from 'react';
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  summarizeEntry,
  summarizeResource,
  type EntrySummary,
} from '../../../../shared/ips/entry-summary';
import type { IpsDocument, IpsSection, IpsSectionEntry } from '../../../../shared/ips/model';
import { resolveReference } from '../../../../shared/ips/references';
import { NarrativeFrame } from '../../ui/narrative/NarrativeFrame';
import type { TranslationContext } from './ConceptTranslation';
import { IpsEntryCard } from './IpsEntryCard';

export interface IpsSectionViewProps {
  readonly doc: IpsDocument;
  readonly section: IpsSection;
  readonly ctx: TranslationContext;
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

export function IpsSectionView({ doc, section, ctx }: IpsSectionViewProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const narrative = section.narrative?.div.trim() ? section.narrative : undefined;
  // With nothing coded to show, the narrative is the content: open it by default.
  const [showNarrative, setShowNarrative] = useState(section.entries.length === 0);
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
        <SimpleGrid cols={{ base: 1, md: showNarrative && narrative && hasCoded ? 2 : 1 }}>
          {hasCoded ? (
            <Stack gap="xs">
              <EmptyReason section={section} />
              {section.entries.map((entry, i) => (
                <IpsEntryCard key={i} entry={entry} summary={summaryOf(doc, entry)} ctx={ctx} />
              ))}
            </Stack>
          ) : null}
          {narrative && showNarrative ? (
            <NarrativeFrame
              div={narrative.div}
              title={t('narrative.frameTitle', { section: section.title ?? name })}
            />
          ) : null}
        </SimpleGrid>
        {!hasCoded && !narrative ? (
          <Text size="sm" c="orange">
            {t('section.noContent')}
          </Text>
        ) : null}
        {narrative ? (
          <Group>
            <Button
              variant="subtle"
              size="compact-sm"
              data-testid="show-narrative"
              aria-expanded={showNarrative}
              onClick={() => setShowNarrative((v) => !v)}
            >
              {showNarrative ? t('narrative.hide') : t('narrative.show')}
            </Button>
          </Group>
        ) : null}
        {section.sections.map((sub) => (
          <IpsSectionView key={sub.path.join('.')} doc={doc} section={sub} ctx={ctx} />
        ))}
      </Stack>
    </Paper>
  );
}
