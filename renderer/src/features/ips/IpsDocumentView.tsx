/**
 * An imported summary on screen: where it came from (source, country, author, when imported and
 * whether it is kept for offline use), the viewer, the medication reconciliation when the local
 * record is at hand, and printing — the translated view with the original narrative appended.
 */
import { useMemo, useState } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { documentOrigin } from '../../../../shared/ips/document-origin';
import { ipsMedicationFacts, type MedicationFacts } from '../../../../shared/ips/medication-facts';
import { useHost } from '../../host/HostProvider';
import { formatAsOf } from '../../offline/format-as-of';
import { IpsMedRec } from './IpsMedRec';
import { IpsPrintout } from './IpsPrintout';
import { IpsViewer, translationContext } from './IpsViewer';
import { countryLabel, printFileName, sourceText } from './ips-labels';
import type { ShownIpsDocument } from './useIpsImporter';
import './ips-print.css';

export interface IpsDocumentViewProps {
  readonly shown: ShownIpsDocument;
  /** The local record's current medicines; reconciliation is offered only with them. */
  readonly localMedications?: readonly MedicationFacts[] | undefined;
  readonly onClose?: (() => void) | undefined;
}

type PrintNotice = 'cancelled' | 'failed';

export function IpsDocumentView({
  shown,
  localMedications,
  onClose,
}: IpsDocumentViewProps): React.JSX.Element {
  const { t, i18n } = useTranslation('ips');
  const host = useHost();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const { doc, source, summary } = shown;
  const origin = useMemo(() => documentOrigin(doc), [doc]);
  const country = source.kind === 'ncp' ? source.country : origin.country;
  const ipsMeds = useMemo(() => ipsMedicationFacts(doc), [doc]);
  const [printedAt, setPrintedAt] = useState<number | undefined>();
  const [notice, setNotice] = useState<PrintNotice | undefined>();

  const facts = [
    { label: t('imported.source'), value: sourceText(t, source) },
    {
      label: t('origin.country'),
      value: countryLabel(country, language) ?? t('imported.countryUnknown'),
    },
    {
      label: t('origin.authors'),
      value: origin.authors.length > 0 ? origin.authors.join('; ') : t('imported.authorUnknown'),
    },
  ];

  const print = async (): Promise<void> => {
    setNotice(undefined);
    // The printout must be in the DOM before the host prints: render it synchronously.
    flushSync(() => setPrintedAt(Date.now()));
    const root = document.documentElement;
    root.setAttribute('data-ips-printing', '');
    try {
      const result = await host.printView({
        suggestedFileName: printFileName(country, origin.date),
      });
      if (result === 'cancelled') setNotice('cancelled');
    } catch {
      setNotice('failed');
    } finally {
      root.removeAttribute('data-ips-printing');
      setPrintedAt(undefined);
    }
  };

  return (
    <Stack gap="sm" data-testid="ips-document">
      <Paper withBorder p="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Text size="sm" data-testid="ips-source">
              {sourceText(t, source)}
            </Text>
            <Text size="sm" data-testid="ips-origin-country">
              {t('origin.country')}: <span data-i18n-ignore="">{facts[1]?.value}</span>
            </Text>
            <Text size="sm" data-testid="ips-origin-authors">
              {t('origin.authors')}: <span data-i18n-ignore="">{facts[2]?.value}</span>
            </Text>
            {summary ? (
              <Text size="xs" c="dimmed" data-testid="ips-cached">
                {t('origin.importedAt')}:{' '}
                <span data-i18n-ignore="">{formatAsOf(summary.importedAt, language)}</span>
                {' · '}
                {t('origin.savedOffline')}
              </Text>
            ) : null}
          </Stack>
          <Group gap="xs" data-ips-no-print="">
            <Button
              variant="light"
              data-testid="ips-print"
              loading={printedAt !== undefined}
              onClick={() => void print()}
            >
              {t('print.button')}
            </Button>
            {onClose ? (
              <Button variant="subtle" data-testid="ips-close" onClick={onClose}>
                {t('imported.close')}
              </Button>
            ) : null}
          </Group>
        </Group>
        {shown.notCached ? (
          <Alert color="yellow" mt="xs" data-testid="ips-not-cached">
            {t(`origin.notCached.${shown.notCached.reason}`)}
          </Alert>
        ) : null}
        {notice ? (
          <Alert
            color={notice === 'failed' ? 'red' : 'gray'}
            mt="xs"
            data-testid="ips-print-notice"
          >
            {t(`print.${notice}`)}
          </Alert>
        ) : null}
      </Paper>
      <IpsViewer doc={doc} language={language} />
      {localMedications && (ipsMeds.length > 0 || localMedications.length > 0) ? (
        <IpsMedRec ips={ipsMeds} local={localMedications} ctx={translationContext(doc, language)} />
      ) : null}
      {printedAt !== undefined
        ? createPortal(
            <div data-ips-print-portal="">
              <IpsPrintout
                doc={doc}
                language={language}
                facts={facts}
                localMedications={localMedications}
                printedAt={printedAt}
              />
            </div>,
            document.body,
          )
        : null}
    </Stack>
  );
}
