/**
 * Importing and reading International Patient Summaries: the import form (file, contact point,
 * and in a chart the server's `$summary`), the summaries cached encrypted for this patient (or,
 * on the stand-alone IPS screen, those imported without a chart), and the document opened.
 * A failed import clears the view, so an older document is never mistaken for the one just
 * requested.
 */
import { useRef, useState } from 'react';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MedicationFacts } from '../../../../shared/ips/medication-facts';
import type { IpsImportSource } from '../../../../shared/ips/import-source';
import { ImportedSummariesList } from './ImportedSummariesList';
import { IpsDocumentView } from './IpsDocumentView';
import { IpsImport } from './IpsImport';
import { useCachedSummaries } from './useCachedSummaries';
import { useIpsImporter, type ImportError, type ShownIpsDocument } from './useIpsImporter';

export interface IpsPanelProps {
  /** The chart's patient; undefined on the stand-alone IPS screen. */
  readonly patientId?: string | undefined;
  /** The local record's current medicines, for reconciliation (charts only). */
  readonly localMedications?: readonly MedicationFacts[] | undefined;
  /** Start with the import form folded away behind a button (the chart card). */
  readonly importFolded?: boolean;
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetchImpl?: typeof fetch;
}

export function IpsPanel({
  patientId,
  localMedications,
  importFolded = false,
  fetchImpl,
}: IpsPanelProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const importText = useIpsImporter(patientId);
  const cached = useCachedSummaries(patientId);
  const [current, setCurrent] = useState<ShownIpsDocument | undefined>();
  const [openFailed, setOpenFailed] = useState<'not-found' | 'unreadable' | undefined>();
  const [importOpen, setImportOpen] = useState(!importFolded);
  // The last request wins: an import or an open that finishes late never replaces a newer one.
  const seq = useRef(0);

  const onText = async (
    text: string,
    source: IpsImportSource,
  ): Promise<ImportError | undefined> => {
    const mine = ++seq.current;
    const outcome = await importText(text, source);
    if (mine !== seq.current) return undefined;
    if (!outcome.ok) return outcome.error;
    setOpenFailed(undefined);
    setCurrent({
      doc: outcome.doc,
      source: outcome.source,
      summary: outcome.summary,
      ...(outcome.notCached ? { notCached: outcome.notCached } : {}),
    });
    return undefined;
  };

  const openCached = async (id: string): Promise<void> => {
    const mine = ++seq.current;
    const result = await cached.open(id);
    if (mine !== seq.current) return;
    if (!result.ok) {
      setCurrent(undefined);
      setOpenFailed(result.reason);
      return;
    }
    setOpenFailed(undefined);
    setCurrent({ doc: result.doc, source: result.summary.source, summary: result.summary });
  };

  return (
    <Stack gap="lg" data-testid="ips-panel">
      {importOpen ? (
        <IpsImport
          onText={onText}
          onFailure={() => setCurrent(undefined)}
          patientId={patientId}
          {...(fetchImpl ? { fetchImpl } : {})}
        />
      ) : null}
      {importFolded ? (
        <Group data-ips-no-print="">
          <Button
            variant="subtle"
            size="compact-sm"
            data-testid="ips-toggle-import"
            aria-expanded={importOpen}
            onClick={() => setImportOpen((v) => !v)}
          >
            {importOpen ? t('imported.hideImport') : t('imported.showImport')}
          </Button>
        </Group>
      ) : null}
      <Stack gap="xs" data-testid="imported-section">
        {patientId === undefined ? <Title order={4}>{t('imported.titleUnassigned')}</Title> : null}
        {cached.available ? (
          <ImportedSummariesList
            listing={cached.listing}
            unassigned={patientId === undefined}
            openId={current?.summary?.id}
            onOpen={(id) => void openCached(id)}
          />
        ) : (
          <Text size="sm" c="dimmed" data-testid="imported-no-cache">
            {t('imported.noCache')}
          </Text>
        )}
        {cached.error ? (
          <Alert color="red" data-testid="imported-error">
            <span data-i18n-ignore="">{cached.error}</span>
          </Alert>
        ) : null}
        {openFailed ? (
          <Alert color="red" data-testid="imported-open-failed">
            {t(`imported.openFailed.${openFailed}`)}
          </Alert>
        ) : null}
      </Stack>
      {current ? (
        <IpsDocumentView
          shown={current}
          localMedications={localMedications}
          onClose={() => setCurrent(undefined)}
        />
      ) : null}
    </Stack>
  );
}
