/**
 * The International Patient Summary viewer: every section of the document in document order,
 * coded entries with their original wording and a translation into the clinician's language
 * (with its source), the narrative as sent one click away, and the data checks beside it.
 * @see https://hl7.org/fhir/uv/ips/
 */
import { useEffect, useMemo, useState } from 'react';
import { Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { runIpsChecks } from '../../../../shared/ips/checks';
import type { IpsDocument } from '../../../../shared/ips/model';
import { findNarrativeLinks } from '../../../../shared/ips/narrative-links';
import type { TranslationContext } from './ConceptTranslation';
import { IpsChecksPanel } from './IpsChecksPanel';
import { IpsSectionView, type ActiveLink } from './IpsSectionView';
import { TERMINOLOGY_PACK, TERMINOLOGY_PACK_ERROR } from './terminology-pack';

export interface IpsViewerProps {
  /** A parsed document (`parseIpsText` / `parseIpsDocument`). */
  readonly doc: IpsDocument;
  /** The clinician's UI language (BCP-47): translations are shown into it. */
  readonly language: string;
}

/** The document's language: `Bundle.language`, else `Composition.language`. */
export function documentLanguage(doc: IpsDocument): string | undefined {
  return doc.bundle.language ?? doc.composition.resource.language;
}

/** What the viewer translates with: the clinician's language, the document's, the pack. */
export function translationContext(doc: IpsDocument, language: string): TranslationContext {
  return { language, documentLang: documentLanguage(doc), pack: TERMINOLOGY_PACK };
}

/**
 * Brings the other side of a followed link into view: the narrative frame when the clinician
 * started from an entry, the entry card (focused, for keyboard users) when they started from a
 * narrative row.
 */
function useFollowLink(root: HTMLElement | null, active: ActiveLink | undefined): void {
  useEffect(() => {
    if (!root || !active) return;
    const target =
      active.from === 'entry'
        ? root.querySelector(`[data-ips-narrative-section="${active.link.sectionPath.join('.')}"]`)
        : root.querySelector(`[data-ips-entry-index="${String(active.link.entryIndex)}"]`);
    if (!(target instanceof HTMLElement)) return;
    // jsdom has no scrollIntoView; browsers do.
    if (typeof target.scrollIntoView === 'function') {
      target.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
    if (active.from === 'narrative') target.focus({ preventScroll: true });
  }, [root, active]);
}

export function IpsViewer({ doc, language }: IpsViewerProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const checks = useMemo(() => runIpsChecks(doc), [doc]);
  const links = useMemo(() => findNarrativeLinks(doc), [doc]);
  // Kept with its document, so a link followed in one document never applies to the next.
  const [followed, setFollowed] = useState<{ doc: IpsDocument; active: ActiveLink }>();
  const active = followed?.doc === doc ? followed.active : undefined;
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  useFollowLink(root, active);
  const onActivate = (next: ActiveLink | undefined): void =>
    setFollowed(next ? { doc, active: next } : undefined);
  const ctx = useMemo(() => translationContext(doc, language), [doc, language]);
  const composition = doc.composition.resource;
  return (
    <Stack gap="md" data-testid="ips-viewer" ref={setRoot}>
      <Stack gap={2}>
        <Title order={3} data-i18n-ignore>
          {composition.title}
        </Title>
        <Group gap="md">
          <Text size="sm" c="dimmed">
            {t('document.date')}: <span data-i18n-ignore>{composition.date}</span>
          </Text>
          <Text size="sm" c="dimmed">
            {t('document.language')}:{' '}
            <span data-i18n-ignore>{ctx.documentLang ?? t('document.languageUnknown')}</span>
          </Text>
        </Group>
      </Stack>
      <IpsChecksPanel checks={checks} extra={TERMINOLOGY_PACK_ERROR} />
      {doc.sections.length === 0 ? <Text c="orange">{t('document.noSections')}</Text> : null}
      {doc.sections.map((section) => (
        <IpsSectionView
          key={section.path.join('.')}
          doc={doc}
          section={section}
          ctx={ctx}
          links={links}
          active={active}
          onActivate={onActivate}
        />
      ))}
    </Stack>
  );
}
