/**
 * Getting an IPS document text: a JSON file (picked or dropped), the cross-border contact point,
 * or — in a patient's chart — `Patient/<id>/$summary` on the signed-in server. Every text goes
 * to `onText` (validate, parse, cache: see useIpsImporter), so a bad input gives one clear
 * message and nothing half-parsed is ever shown or cached.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Alert, Box, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IpsImportSource } from '../../../../shared/ips/import-source';
import { useFhir } from '../../fhir/FhirProvider';
import { fetchNcpIps, NCP_COUNTRIES, type NcpCountry } from './fetch-ncp';
import { fetchPatientSummary } from './fetch-summary';
import type { ImportError } from './useIpsImporter';

export type { IpsImportSource } from '../../../../shared/ips/import-source';

export interface IpsImportProps {
  /** Handles a received text; resolves with the error to show, or undefined when it was shown. */
  readonly onText: (text: string, source: IpsImportSource) => Promise<ImportError | undefined>;
  /** Called when an import fails, so the caller can stop showing an older document as current. */
  readonly onFailure?: () => void;
  /** The chart's patient: offers the import from the signed-in server's `$summary`. */
  readonly patientId?: string | undefined;
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetchImpl?: typeof fetch;
}

function isCountry(value: string | null): value is NcpCountry {
  return (NCP_COUNTRIES as readonly string[]).includes(value ?? '');
}

export function IpsImport({
  onText,
  onFailure,
  patientId,
  fetchImpl,
}: IpsImportProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const fhir = useFhir();
  const [error, setError] = useState<ImportError | undefined>();
  const [busy, setBusy] = useState(false);
  const [country, setCountry] = useState<NcpCountry>('DE');
  const [identifier, setIdentifier] = useState('');
  const [dragging, setDragging] = useState(false);
  const abortRef = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => abortRef.current?.abort(), []);

  const fail = (shown: ImportError): void => {
    setError(shown);
    onFailure?.();
  };

  const accept = async (text: string, source: IpsImportSource): Promise<void> => {
    const failed = await onText(text, source);
    if (failed) fail(failed);
    else setError(undefined);
  };

  const readFile = async (file: File): Promise<void> => {
    setBusy(true);
    try {
      let text: string;
      try {
        text = await file.text();
      } catch (err) {
        fail({
          key: 'error.unreadable-file',
          detail: err instanceof Error ? err.message : undefined,
        });
        return;
      }
      await accept(text, { kind: 'file', name: file.name });
    } finally {
      setBusy(false);
    }
  };

  /** Starts a network request, cancelling the one still running (its answer is ignored). */
  const begin = (): AbortController => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setBusy(true);
    return controller;
  };

  const fetchSummary = async (id: string): Promise<void> => {
    const controller = begin();
    const result = await fetchPatientSummary(fhir, id, controller.signal);
    if (controller.signal.aborted) return;
    try {
      if (!result.ok) {
        fail({ key: `summary.${result.error.kind}`, detail: result.error.detail });
        return;
      }
      await accept(result.text, { kind: 'summary', server: fhir.serverUrl });
    } finally {
      setBusy(false);
    }
  };

  const fetchFromNcp = async (): Promise<void> => {
    const controller = begin();
    const result = await fetchNcpIps({
      serverUrl: fhir.serverUrl,
      accessToken: fhir.accessToken?.(),
      country,
      identifier,
      signal: controller.signal,
      ...(fetchImpl ? { fetchImpl } : {}),
    });
    if (controller.signal.aborted) return;
    try {
      if (!result.ok) {
        fail({ key: `ncp.${result.error.code}`, detail: result.error.detail });
        return;
      }
      await accept(result.text, { kind: 'ncp', country, identifier: identifier.trim() });
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void readFile(file);
  };

  return (
    <Stack gap="sm" data-ips-no-print="">
      {patientId !== undefined ? (
        <Group gap="sm">
          <Button
            data-testid="ips-fetch-summary"
            variant="light"
            loading={busy}
            onClick={() => void fetchSummary(patientId)}
          >
            {t('import.fromServer')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('import.fromServerHint')}
          </Text>
        </Group>
      ) : null}
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
