/**
 * Getting an IPS document into the viewer: a JSON file (picked or dropped) or the cross-border
 * contact point. Every path ends in `parseIpsText`, so a bad input gives one clear message and
 * nothing half-parsed is ever shown.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Alert, Box, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IpsDocument } from '../../../../shared/ips/model';
import { parseIpsText } from '../../../../shared/ips/parse';
import { useFhir } from '../../fhir/FhirProvider';
import { fetchNcpIps, NCP_COUNTRIES, type NcpCountry } from './fetch-ncp';

/** Where an imported document came from, for the header and the audit trail. */
export type IpsImportSource =
  | { readonly kind: 'file'; readonly name: string }
  | { readonly kind: 'ncp'; readonly country: NcpCountry; readonly identifier: string };

export interface IpsImportProps {
  /** Called with each successfully parsed document. */
  readonly onImport: (doc: IpsDocument, source: IpsImportSource) => void;
  /** Called when an import fails, so the caller can stop showing an older document as current. */
  readonly onFailure?: () => void;
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetchImpl?: typeof fetch;
}

interface ShownError {
  readonly key: string;
  readonly detail?: string | undefined;
}

function isCountry(value: string | null): value is NcpCountry {
  return (NCP_COUNTRIES as readonly string[]).includes(value ?? '');
}

export function IpsImport({ onImport, onFailure, fetchImpl }: IpsImportProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const fhir = useFhir();
  const [error, setError] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);
  const [country, setCountry] = useState<NcpCountry>('DE');
  const [identifier, setIdentifier] = useState('');
  const [dragging, setDragging] = useState(false);
  const abortRef = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => abortRef.current?.abort(), []);

  const fail = (shown: ShownError): void => {
    setError(shown);
    onFailure?.();
  };

  const accept = (text: string, source: IpsImportSource): void => {
    const result = parseIpsText(text);
    if (!result.ok) {
      fail({ key: `error.${result.error.code}`, detail: result.error.message });
      return;
    }
    setError(undefined);
    onImport(result.doc, source);
  };

  const readFile = async (file: File): Promise<void> => {
    setBusy(true);
    try {
      accept(await file.text(), { kind: 'file', name: file.name });
    } catch (err) {
      fail({
        key: 'error.unreadable-file',
        detail: err instanceof Error ? err.message : undefined,
      });
    } finally {
      setBusy(false);
    }
  };

  const fetchFromNcp = async (): Promise<void> => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setBusy(true);
    const result = await fetchNcpIps({
      serverUrl: fhir.serverUrl,
      accessToken: fhir.accessToken?.(),
      country,
      identifier,
      signal: controller.signal,
      ...(fetchImpl ? { fetchImpl } : {}),
    });
    if (controller.signal.aborted) return;
    setBusy(false);
    if (!result.ok) {
      fail({ key: `ncp.${result.error.code}`, detail: result.error.detail });
      return;
    }
    accept(result.text, { kind: 'ncp', country, identifier: identifier.trim() });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void readFile(file);
  };

  return (
    <Stack gap="sm">
      <Box
        data-testid="ips-dropzone"
        p="md"
        style={{
          border: `2px dashed var(--mantine-color-${dragging ? 'blue-6' : 'gray-4'})`,
          borderRadius: 8,
        }}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Text size="sm" mb={4}>
          {t('import.fileHint')}
        </Text>
        <input
          type="file"
          accept=".json,application/json,application/fhir+json"
          data-testid="ips-file"
          aria-label={t('import.fileLabel')}
          disabled={busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void readFile(file);
          }}
        />
      </Box>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void fetchFromNcp();
        }}
      >
        <Group align="flex-end" gap="sm">
          <Select
            label={t('import.country')}
            data-testid="ips-country"
            data={NCP_COUNTRIES.map((c) => ({ value: c, label: t(`country.${c}`) }))}
            value={country}
            allowDeselect={false}
            onChange={(v) => {
              if (isCountry(v)) setCountry(v);
            }}
            w={180}
          />
          <TextInput
            label={t('import.identifier')}
            description={t('import.identifierHint')}
            data-testid="ips-identifier"
            value={identifier}
            onChange={(e) => setIdentifier(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit" data-testid="ips-fetch" loading={busy}>
            {t('import.fetch')}
          </Button>
        </Group>
      </form>
      {error ? (
        <Alert color="red" data-testid="ips-error" title={t(error.key)}>
          {error.detail ? (
            <Text size="sm" data-i18n-ignore>
              {error.detail}
            </Text>
          ) : null}
        </Alert>
      ) : null}
    </Stack>
  );
}
