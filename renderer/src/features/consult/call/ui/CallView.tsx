/**
 * A call for one participant, composed from the shared pieces: the local preview and one tile
 * per peer (side by side from 600 px of available width, stacked below), quality, controls and
 * chat. Used by the clinician workstation and the patient page alike.
 */
import { Group, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCallSession } from '../useCallSession';
import {
  callConnection,
  remoteVideoOn,
  type CallUiSession,
  type InputDeviceKind,
  type MediaDevicesLike,
} from './call-ui-model';
import { CallControls } from './CallControls';
import { ChatPanel } from './ChatPanel';
import { ExcerptPanel } from './ExcerptPanel';
import { QualityIndicator } from './QualityIndicator';
import { VideoTile } from './VideoTile';
import { useLatestCallback } from './useLatest';

export interface CallViewProps {
  session: CallUiSession;
  /** This participant's camera and microphone (the stream the session sends). */
  localStream?: MediaStream | undefined;
  /** See VideoTileProps.tracksKey. */
  localTracksKey?: string | undefined;
  /** Instead of `session.leave()` (e.g. to stop the camera too). */
  onLeave?: (() => void) | undefined;
  /** Enables screen sharing (e.g. `() => navigator.mediaDevices.getDisplayMedia()`). */
  getDisplayMedia?: (() => Promise<MediaStream>) | undefined;
  onDeviceChange?: ((kind: InputDeviceKind, deviceId: string) => void) | undefined;
  selectedDevices?: Partial<Record<InputDeviceKind, string>> | undefined;
  mediaDevices?: MediaDevicesLike | undefined;
  /** Heading level of the call's title; default 2. */
  headingOrder?: 1 | 2 | 3;
  /** Keep the title for screen readers only (the page already says it is a consultation). */
  titleHidden?: boolean;
}

export function CallView(props: CallViewProps): React.JSX.Element {
  const { t } = useTranslation('consult');
  const { session } = props;
  const call = useCallSession(session);
  const [shareFailed, setShareFailed] = useState(false);
  const connection = callConnection(call);
  const hasMic = (props.localStream?.getAudioTracks().length ?? 0) > 0;
  const hasCam = (props.localStream?.getVideoTracks().length ?? 0) > 0;
  const getDisplayMedia = props.getDisplayMedia;
  const title = (
    <Title order={props.headingOrder ?? 2} size="h4">
      {t('call.title')}
    </Title>
  );

  const toggleShare = async (): Promise<void> => {
    setShareFailed(false);
    if (call.sharingScreen) {
      await session.stopScreenShare();
      return;
    }
    if (!getDisplayMedia) return;
    try {
      await session.startScreenShare(await getDisplayMedia());
    } catch (error) {
      // Cancelling the picker is a choice, not a failure (the app's picker rejects with
      // AbortError, the browser's with NotAllowedError). Anything else: say so, keep the camera.
      const name = error instanceof Error ? error.name : '';
      if (name !== 'AbortError' && name !== 'NotAllowedError') setShareFailed(true);
    }
  };

  // Stable identities for the memoized controls and chat (see useLatestCallback).
  const onMicChange = useLatestCallback((on: boolean) => session.setMic(on));
  const onCamChange = useLatestCallback((on: boolean) => session.setCam(on));
  const onLeave = useLatestCallback(() => (props.onLeave ?? (() => session.leave()))());
  const onToggleShare = useLatestCallback(() => void toggleShare());
  const onSend = useLatestCallback((text: string) => session.sendChat(text));
  const onDeviceChangeLatest = useLatestCallback((kind: InputDeviceKind, deviceId: string) =>
    props.onDeviceChange?.(kind, deviceId),
  );
  const hasDeviceChange = props.onDeviceChange !== undefined;
  const sharing = call.sharingScreen;
  const screenShare = useMemo(
    () => (getDisplayMedia ? { sharing, onToggle: onToggleShare } : undefined),
    [getDisplayMedia, sharing, onToggleShare],
  );

  return (
    <Stack gap="sm" data-testid="call-view" data-phase={call.phase}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        {props.titleHidden ? <VisuallyHidden>{title}</VisuallyHidden> : title}
        <QualityIndicator quality={call.quality} videoDropped={call.videoDropped} />
      </Group>
      <section aria-label={t('call.tiles')}>
        <SimpleGrid type="container" cols={{ base: 1, '600px': 2, '900px': 3 }} spacing="xs">
          <VideoTile
            local
            stream={props.localStream}
            tracksKey={props.localTracksKey}
            name={call.self?.name}
            role={call.self?.role}
            participantId={call.self?.id}
            videoOn={call.camOn && hasCam}
            videoPaused={call.camOn && call.videoDropped}
          />
          {call.peers.map((peer) => (
            <VideoTile
              key={peer.participant.id}
              stream={peer.stream}
              name={peer.participant.name}
              role={peer.participant.role}
              participantId={peer.participant.id}
              connection={peer.connection}
              framesDecoded={peer.framesDecoded}
              videoOn={remoteVideoOn(peer)}
              videoPaused={peer.remoteVideoDropped}
            />
          ))}
        </SimpleGrid>
        {call.peers.length === 0 ? (
          <Text size="sm" c="dimmed" mt="xs">
            {t('call.waitingForOthers')}
          </Text>
        ) : null}
      </section>
      <CallControls
        micOn={call.micOn}
        camOn={call.camOn}
        hasMic={hasMic}
        hasCam={hasCam}
        connection={connection}
        onMicChange={onMicChange}
        onCamChange={onCamChange}
        onLeave={onLeave}
        screenShare={screenShare}
        onDeviceChange={hasDeviceChange ? onDeviceChangeLatest : undefined}
        selectedDevices={props.selectedDevices}
        mediaDevices={props.mediaDevices}
      />
      {shareFailed ? (
        <Text size="sm" c="red" role="alert">
          {t('controls.shareFailed')}
        </Text>
      ) : null}
      <ChatPanel messages={call.chat} canSend={connection === 'connected'} onSend={onSend} />
      <ExcerptPanel excerpts={call.excerpts} />
    </Stack>
  );
}
