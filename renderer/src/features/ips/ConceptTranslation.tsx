/**
 * One coded concept shown as the document wrote it, with the clinician-language designation
 * beside it and where that came from. The original is never replaced: in a cross-border
 * document the sender's wording is the source of truth, a translation is only an aid.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';
import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  resolveDisplayOffline,
  type ResolvedDisplay,
} from '../../../../shared/terminology/resolve';
import type { TerminologyPack } from '../../../../shared/terminology/pack';
import { useServerDesignation } from './designation-lookup';

export interface TranslationContext {
  /** Clinician UI language (BCP-47). */
  readonly language: string;
  /** Language of the document (`Bundle.language` / `Composition.language`), when sent. */
  readonly documentLang: string | undefined;
  readonly pack: TerminologyPack | undefined;
}

/** What the badge says: the source of the translation, or why there is none. */
export type BadgeSource = 'document' | 'pack' | 'server' | 'untranslated' | 'same-language';

export function badgeSourceOf(resolved: ResolvedDisplay): BadgeSource {
  if (resolved.status === 'translated' && resolved.translated) return resolved.translated.source;
  return resolved.status === 'same-language' ? 'same-language' : 'untranslated';
}

/**
 * Resolves the concept's codings in order and keeps the first that has a designation in the
 * clinician's language (a problem coded in SNOMED CT and ICD-10 is translated from whichever
 * source knows it); otherwise the first coding, untranslated. Undefined without codings.
 */
export function resolveConcept(
  concept: CodeableConcept | undefined,
  ctx: TranslationContext,
): ResolvedDisplay | undefined {
  const codings: Coding[] = (concept?.coding ?? []).filter(
    (c) => (c.display?.trim() ?? '') !== '' || (c.code?.trim() ?? '') !== '',
  );
  let first: ResolvedDisplay | undefined;
  for (const coding of codings) {
    const resolved = resolveDisplayOffline(coding, ctx.language, {
      pack: ctx.pack,
      documentLang: ctx.documentLang,
    });
    if (resolved.status !== 'untranslated') return resolved;
    first ??= resolved;
  }
  return first;
}

export interface ConceptTranslationProps {
  readonly concept: CodeableConcept | undefined;
  /** Text to show when there is no concept at all (a Reference.display, a device name). */
  readonly fallbackText?: string | undefined;
  readonly ctx: TranslationContext;
}

export function ConceptTranslation({
  concept,
  fallbackText,
  ctx,
}: ConceptTranslationProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const offline = resolveConcept(concept, ctx);
  const fromServer = useServerDesignation(concept?.coding ?? [], ctx, offline);
  const resolved = fromServer ?? offline;
  // CodeableConcept.text is what the author wrote; prefer it as the original when present.
  const originalText = concept?.text?.trim() || resolved?.original.display || fallbackText;
  const source: BadgeSource = resolved ? badgeSourceOf(resolved) : 'untranslated';
  const translated = resolved?.status === 'translated' ? resolved.translated : undefined;
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="wrap">
        <Text fw={600} data-testid="concept-original" data-i18n-ignore lang={ctx.documentLang}>
          {originalText ?? t('entry.noName')}
        </Text>
        {resolved?.original.isCode && !concept?.text ? (
          <Text size="xs" c="dimmed">
            {t('entry.codeOnly')}
          </Text>
        ) : null}
      </Group>
      <Group gap="xs" wrap="wrap">
        {translated ? (
          <Text size="sm" data-testid="concept-translated" data-i18n-ignore lang={translated.lang}>
            {translated.display}
          </Text>
        ) : null}
        <Badge
          size="xs"
          variant="light"
          color={source === 'untranslated' ? 'orange' : source === 'document' ? 'blue' : 'teal'}
          data-testid="translation-badge"
          data-source={source}
        >
          {t(`translation.${source}`)}
        </Badge>
      </Group>
    </Stack>
  );
}
