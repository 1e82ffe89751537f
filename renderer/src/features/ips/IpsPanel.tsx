/**
 * The IPS tab: import a document (file or cross-border contact point) and view the last one
 * imported. A failed import clears the view, so an older document is never mistaken for the
 * one just requested. (Keeping documents in the encrypted store is a separate step.)
 */
import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IpsDocument } from '../../../../shared/ips/model';
import { IpsImport, type IpsImportSource } from './IpsImport';
import { IpsViewer } from './IpsViewer';

export interface IpsPanelProps {
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetchImpl?: typeof fetch;
}

export function IpsPanel({ fetchImpl }: IpsPanelProps): React.JSX.Element {
  const { t, i18n } = useTranslation('ips');
  const [current, setCurrent] = useState<
    { doc: IpsDocument; source: IpsImportSource } | undefined
  >();
  const sourceText = (source: IpsImportSource): string =>
    source.kind === 'file'
      ? t('import.fromFile', { name: source.name })
      : t('import.fromNcp', {
          country: t(`country.${source.country}`),
          identifier: source.identifier,
        });
  return (
    <Stack gap="lg" data-testid="ips-panel">
      <IpsImport
        onImport={(doc, source) => setCurrent({ doc, source })}
        onFailure={() => setCurrent(undefined)}
        {...(fetchImpl ? { fetchImpl } : {})}
      />
      {current ? (
        <Stack gap="xs">
          <Text size="sm" c="dimmed" data-testid="ips-source">
            {sourceText(current.source)}
          </Text>
          <IpsViewer doc={current.doc} language={i18n.language} />
        </Stack>
      ) : null}
    </Stack>
  );
}
