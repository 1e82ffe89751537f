/**
 * What is printed (or saved as PDF) for an imported summary: a header saying what it is and
 * where it came from, the translated view, the reconciliation when there is one, and — after a
 * page break — the appendix: every section's narrative exactly as the author wrote it, in the
 * document's language, clearly labelled as the original. A translation is an aid; the original
 * goes with it.
 */
import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MedicationFacts } from '../../../../shared/ips/medication-facts';
import { ipsMedicationFacts } from '../../../../shared/ips/medication-facts';
import type { IpsDocument } from '../../../../shared/ips/model';
import { flattenSections } from '../../../../shared/ips/sections';
import { formatAsOf } from '../../offline/format-as-of';
import { IpsMedRec } from './IpsMedRec';
import { documentLanguage, IpsViewer, translationContext } from './IpsViewer';
import { SafeNarrative } from '../../ui/narrative/safe-narrative';

/** The original narratives, section by section in document order. */
export function IpsOriginalAppendix({ doc }: { doc: IpsDocument }): React.JSX.Element {
  const { t } = useTranslation('ips');
  const language = documentLanguage(doc);
  const sections = flattenSections(doc.sections).filter((s) => s.narrative?.div.trim());
  return (
    <section
      className="ips-appendix"
      data-testid="ips-appendix"
      aria-labelledby="ips-appendix-title"
    >
      <Title order={3} id="ips-appendix-title">
        {t('print.appendixTitle')}
      </Title>
      <Text size="sm" mb="sm">
        {t('print.appendixNote', { language: language ?? t('document.languageUnknown') })}
      </Text>
      {sections.length === 0 ? <Text size="sm">{t('print.noNarrative')}</Text> : null}
      {sections.map((s) => {
        const name = s.definition
          ? t(s.definition.titleKey, { defaultValue: s.definition.defaultTitle })
          : t('section.unknown');
        return (
          <div
            key={s.path.join('.')}
            className="ips-appendix-section"
            data-testid="ips-appendix-section"
            data-loinc={s.loinc ?? ''}
          >
            <Title order={4}>{t('print.appendixSection', { section: name })}</Title>
            {s.title ? (
              <Text size="sm" fw={600} data-i18n-ignore="" lang={language}>
                {s.title}
              </Text>
            ) : null}
            <div data-i18n-ignore="" lang={language}>
              <SafeNarrative div={s.narrative?.div ?? ''} />
            </div>
          </div>
        );
      })}
    </section>
  );
}

export interface IpsPrintoutProps {
  readonly doc: IpsDocument;
  readonly language: string;
  /** Source, country, author lines as the header shows them. */
  readonly facts: readonly { label: string; value: string }[];
  readonly localMedications?: readonly MedicationFacts[] | undefined;
  readonly printedAt: number;
}

export function IpsPrintout(props: IpsPrintoutProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const { doc, language } = props;
  return (
    <Stack gap="md" p="md" data-testid="ips-printout">
      <Title order={2}>{t('print.heading')}</Title>
      {props.facts.map((f) => (
        <Text key={f.label} size="sm">
          {f.label}: <span data-i18n-ignore="">{f.value}</span>
        </Text>
      ))}
      <Text size="sm" c="dimmed">
        {t('print.printedAt', { when: formatAsOf(props.printedAt, language) })}
      </Text>
      <IpsViewer doc={doc} language={language} />
      {props.localMedications ? (
        <IpsMedRec
          ips={ipsMedicationFacts(doc)}
          local={props.localMedications}
          ctx={translationContext(doc, language)}
        />
      ) : null}
      <IpsOriginalAppendix doc={doc} />
    </Stack>
  );
}
