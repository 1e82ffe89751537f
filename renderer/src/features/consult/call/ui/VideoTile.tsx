/**
 * One participant's picture: a `<video autoplay playsinline>` bound to their MediaStream, their
 * name and role on the tile, and a placeholder instead of a black frame when there is no
 * picture (camera off, video paused to keep audio, still connecting). The video element stays
 * mounted under the placeholder because it also plays the participant's sound.
 */
import { Box, Center, Stack, Text } from '@mantine/core';
import { memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantRole } from '../../../../../../shared/signaling/protocol';
import type { PeerConnectionState } from '../call-session';

export interface VideoTileProps {
  stream: MediaStream | undefined;
  /** The participant's display name; for the local tile, undefined until it is known. */
  name: string | undefined;
  role: ParticipantRole | undefined;
  participantId?: string | undefined;
  /** This participant's own preview: muted (no echo) and mirrored. */
  local?: boolean;
  /** Whether a picture is expected (camera on and a video track present). */
  videoOn: boolean;
  /** Video stopped to keep audio on a poor link (shown instead of "camera off"). */
  videoPaused?: boolean;
  /** Remote tiles: the peer connection's state. */
  connection?: PeerConnectionState | undefined;
  /** Remote tiles: frames decoded so far (exposed for tests and diagnostics). */
  framesDecoded?: number | undefined;
  /**
   * Changes when tracks are added to or removed from `stream` by script (the local stream
   * gains its tracks after permission), which fires no event: the element is bound again.
   */
  tracksKey?: string | undefined;
}

const PLACEHOLDER_BY_CONNECTION = {
  connecting: 'tile.connecting',
  reconnecting: 'tile.reconnecting',
  failed: 'tile.failed',
} as const;

function VideoTileView(props: VideoTileProps): React.JSX.Element {
  const { t } = useTranslation('consult');
  const videoRef = useRef<HTMLVideoElement>(null);
  const { stream, tracksKey } = props;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream ?? null;
    return () => {
      video.srcObject = null;
    };
  }, [stream, tracksKey]);

  const connectionNote =
    props.connection && props.connection !== 'connected'
      ? PLACEHOLDER_BY_CONNECTION[props.connection]
      : undefined;
  const placeholder =
    connectionNote ??
    (props.videoPaused
      ? 'tile.videoPaused'
      : !props.videoOn
        ? props.local
          ? 'tile.cameraOff'
          : 'tile.noVideo'
        : undefined);
  const displayName = props.local
    ? props.name
      ? t('tile.youNamed', { name: props.name })
      : t('tile.you')
    : (props.name ?? '');
  const videoState = props.videoPaused ? 'paused' : props.videoOn ? 'on' : 'off';

  return (
    <Box
      component="figure"
      m={0}
      pos="relative"
      bg="dark.7"
      data-testid="video-tile"
      data-participant-id={props.participantId}
      data-local={props.local ? 'true' : undefined}
      data-connection={props.local ? undefined : (props.connection ?? 'connecting')}
      data-frames-decoded={props.local ? undefined : (props.framesDecoded ?? 0)}
      data-video={videoState}
      aria-label={t('tile.label', { name: displayName })}
      style={{
        aspectRatio: '16 / 9',
        overflow: 'hidden',
        borderRadius: 'var(--mantine-radius-md)',
      }}
    >
      <video
        ref={videoRef}
        autoPlay
        playsInline
        muted={props.local === true}
        style={{
          width: '100%',
          height: '100%',
          objectFit: 'cover',
          display: 'block',
          transform: props.local ? 'scaleX(-1)' : undefined,
        }}
      />
      {placeholder ? (
        <Center pos="absolute" inset={0} bg="dark.7" data-testid="video-placeholder">
          <Text c="gray.3" size="sm" ta="center" px="sm">
            {t(placeholder)}
          </Text>
        </Center>
      ) : null}
      <Box
        component="figcaption"
        pos="absolute"
        left={8}
        bottom={8}
        px={8}
        py={2}
        maw="calc(100% - 16px)"
        style={{ background: 'rgba(0, 0, 0, 0.6)', borderRadius: 'var(--mantine-radius-sm)' }}
      >
        <Stack gap={0}>
          <Text
            c="white"
            size="sm"
            fw={600}
            truncate
            data-testid="tile-name"
            {...(props.local ? {} : { 'data-i18n-ignore': '' })}
          >
            {displayName}
          </Text>
          {props.role ? (
            <Text c="gray.3" size="xs" data-testid="tile-role">
              {t(`role.${props.role}`)}
            </Text>
          ) : null}
        </Stack>
      </Box>
    </Box>
  );
}

/** Memoized: the call's snapshot changes often (signals, stats); this part only when its props do. */
export const VideoTile = memo(VideoTileView);
