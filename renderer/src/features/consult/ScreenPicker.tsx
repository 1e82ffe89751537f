/**
 * Screen sharing through the host. In the browser `getDisplayMedia()` shows Chromium's own
 * picker; Electron shows none, so there the app lists the host's screen sources in
 * {@link ScreenPicker}, names the chosen one to main and then calls `getDisplayMedia()`,
 * which main answers with exactly that source (main/display-media.ts).
 *
 * The consult UI uses {@link useScreenShare}: render its `picker` element and pass its
 * `getDisplayMedia` wherever a stream is needed. Cancelling rejects with an `AbortError`
 * ({@link isScreenShareCancelled}) that callers can ignore.
 */
import { Button, Group, Image, Modal, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Host, ScreenSource } from '../../host/Host';
import { useHost } from '../../host/HostProvider';

/** Lets the user pick one of `sources`; resolves with its id, or `null` for Cancel. */
export type PickScreenSource = (sources: ScreenSource[]) => Promise<string | null>;

/** What `getDisplayMedia()` is asked for: the screen's video, no system audio. */
export const DISPLAY_MEDIA_CONSTRAINTS: DisplayMediaStreamOptions = { video: true, audio: false };

/** The rejection of a cancelled pick: a DOMException named `AbortError`, as fetch uses. */
export function screenShareCancelled(): DOMException {
  return new DOMException('Screen sharing cancelled', 'AbortError');
}

/**
 * True for a pick the user cancelled in the app's picker. (A cancelled browser picker
 * rejects with Chromium's `NotAllowedError`, which also stands for a policy refusal and is
 * therefore not counted here.)
 */
export function isScreenShareCancelled(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError'
  );
}

/**
 * A screen-share stream through `host`: on a host with `screenSources` (Electron) list them,
 * let the user `pick`, tell the host, then `getDisplayMedia()`; elsewhere a plain
 * `getDisplayMedia()` with the browser's own picker.
 */
export async function getDisplayMediaVia(
  host: Pick<Host, 'screenSources'>,
  pick: PickScreenSource,
  mediaDevices: Pick<MediaDevices, 'getDisplayMedia'> = navigator.mediaDevices,
): Promise<MediaStream> {
  const screenSources = host.screenSources;
  if (!screenSources) return mediaDevices.getDisplayMedia(DISPLAY_MEDIA_CONSTRAINTS);
  const sourceId = await pick(await screenSources.list());
  if (sourceId === null) {
    // Best effort: main forgets an unused choice by itself within seconds anyway.
    await screenSources.choose(null).catch(() => undefined);
    throw screenShareCancelled();
  }
  await screenSources.choose(sourceId);
  return mediaDevices.getDisplayMedia(DISPLAY_MEDIA_CONSTRAINTS);
}

export interface ScreenPickerProps {
  opened: boolean;
  sources: readonly ScreenSource[];
  onShare: (sourceId: string) => void;
  onCancel: () => void;
}

/** The modal listing screens and windows with their thumbnails; "Share" needs a choice. */
export function ScreenPicker(props: ScreenPickerProps): React.JSX.Element {
  const { t } = useTranslation('consultHost');
  const { opened, sources } = props;
  // The choice belongs to the list it was made in: a new list (a new pick) starts without
  // one, unless there is only one to make.
  const [selection, setSelection] = useState<{ in: readonly ScreenSource[]; id: string }>();
  const only = sources.length === 1 ? (sources[0]?.id ?? null) : null;
  const chosen = selection?.in === sources ? selection.id : only;
  const setSelected = (id: string) => setSelection({ in: sources, id });

  return (
    <Modal
      opened={opened}
      onClose={props.onCancel}
      title={t('screenPicker.title')}
      size="xl"
      data-testid="screen-picker"
    >
      <Stack gap="md">
        {sources.length === 0 ? (
          <Text size="sm">{t('screenPicker.empty')}</Text>
        ) : (
          <Radio.Group
            label={t('screenPicker.sources')}
            description={t('screenPicker.description')}
            value={chosen}
            onChange={setSelected}
          >
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" mt="xs">
              {sources.map((source) => (
                <SourceCard key={source.id} source={source} />
              ))}
            </SimpleGrid>
          </Radio.Group>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            {t('screenPicker.cancel')}
          </Button>
          <Button
            disabled={chosen === null}
            onClick={() => {
              if (chosen !== null) props.onShare(chosen);
            }}
          >
            {t('screenPicker.share')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SourceCard(props: { source: ScreenSource }): React.JSX.Element {
  const { t } = useTranslation('consultHost');
  const { source } = props;
  const nameId = `screen-source-${source.id.replace(/[^\w-]/g, '-')}`;
  const hasPicture = source.thumbnail.length > 'data:image/png;base64,'.length;
  return (
    <Radio.Card value={source.id} p="xs" radius="md" aria-labelledby={nameId}>
      <Stack gap={6}>
        {hasPicture ? (
          // Decorative: the name beside it labels the choice.
          <Image src={source.thumbnail} alt="" h={90} fit="contain" radius="sm" />
        ) : (
          <Text size="xs" c="dimmed" h={90} ta="center" pt="xl">
            {t('screenPicker.noPreview')}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t(source.kind === 'screen' ? 'screenPicker.kindScreen' : 'screenPicker.kindWindow')}
        </Text>
        <Text id={nameId} size="sm" fw={500} lineClamp={2} data-i18n-ignore>
          {source.name}
        </Text>
      </Stack>
    </Radio.Card>
  );
}

interface OpenPick {
  settle: (sourceId: string | null) => void;
}

/**
 * Screen sharing for the consult UI, through the current host. Render `picker` once
 * (it is the modal, shown only while a pick is open) and call `getDisplayMedia()` from a
 * click; it resolves with the stream, or rejects with an `AbortError` on Cancel.
 */
export function useScreenShare(): {
  getDisplayMedia: () => Promise<MediaStream>;
  picker: ReactNode;
} {
  const host = useHost();
  const [open, setOpen] = useState<OpenPick | null>(null);
  // Kept after closing so the modal does not flash "nothing to share" while it fades out.
  const [sources, setSources] = useState<readonly ScreenSource[]>(NO_SOURCES);
  const openRef = useRef<OpenPick | null>(null);

  const settle = useCallback((sourceId: string | null) => {
    const current = openRef.current;
    openRef.current = null;
    setOpen(null);
    current?.settle(sourceId);
  }, []);

  const pick = useCallback<PickScreenSource>(
    (sources) =>
      new Promise((resolve) => {
        // A second pick while one is open cancels the first.
        openRef.current?.settle(null);
        const next: OpenPick = { settle: resolve };
        openRef.current = next;
        setSources(sources);
        setOpen(next);
      }),
    [],
  );

  // Leaving the consult with the picker open cancels the pick.
  useEffect(() => () => openRef.current?.settle(null), []);

  const getDisplayMedia = useCallback(() => getDisplayMediaVia(host, pick), [host, pick]);
  const picker = host.screenSources ? (
    <ScreenPicker
      opened={open !== null}
      sources={sources}
      onShare={(id) => settle(id)}
      onCancel={() => settle(null)}
    />
  ) : null;
  return { getDisplayMedia, picker };
}

const NO_SOURCES: readonly ScreenSource[] = [];
