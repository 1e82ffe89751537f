/**
 * The International Patient Summary viewer: every section of the document in document order,
 * coded entries with their original wording and a translation into the clinician's language
 * (with its source), the narrative as sent one click away, and the data checks beside it.
 * @see https://hl7.org/fhir/uv/ips/
 */
import { useMemo } from 'react';
import { Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { runIpsChecks } from '../../../../shared/ips/checks';
import type { IpsDocument } from '../../../../shared/ips/model';
import type { TranslationContext } from './ConceptTranslation';
import { IpsChecksPanel } from './IpsChecksPanel';
import { IpsSectionView } from './IpsSectionView';
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

export function IpsViewer({ doc, language }: IpsViewerProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const checks = useMemo(() => runIpsChecks(doc), [doc]);
  const ctx: TranslationContext = useMemo(
    () => ({ language, documentLang: documentLanguage(doc), pack: TERMINOLOGY_PACK }),
    [doc, language],
  );
  const composition = doc.composition.resource;
  return (
    <Stack gap="md" data-testid="ips-viewer">
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
        <IpsSectionView key={section.path.join('.')} doc={doc} section={section} ctx={ctx} />
      ))}
    </Stack>
  );
}
