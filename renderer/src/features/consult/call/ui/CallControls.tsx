/**
 * Mute, camera, optional screen share and device choice, and Leave. Toggles keep their label
 * and report their state with `aria-pressed` (pressed = on); every change, including the
 * connection dropping and coming back, is announced through a polite live region.
 */
import { Button, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { memo, useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  browserMediaDevices,
  type CallConnection,
  type InputDeviceKind,
  type MediaDevicesLike,
} from './call-ui-model';
import { DevicePicker, useInputDevices } from './DevicePicker';
import { CameraIcon, LeaveIcon, MicIcon, ScreenIcon } from './icons';
import { useChangeAnnouncement } from './useChangeAnnouncement';

export interface CallControlsProps {
  micOn: boolean;
  camOn: boolean;
  /** Whether there is a microphone / camera track at all (chat-only joins have neither). */
  hasMic: boolean;
  hasCam: boolean;
  connection: CallConnection;
  onMicChange: (on: boolean) => void;
  onCamChange: (on: boolean) => void;
  onLeave: () => void;
  /** Screen sharing; the button is hidden without it. */
  screenShare?: { sharing: boolean; onToggle: () => void } | undefined;
  /** Camera and microphone choice; the picker is hidden without it. */
  onDeviceChange?: ((kind: InputDeviceKind, deviceId: string) => void) | undefined;
  selectedDevices?: Partial<Record<InputDeviceKind, string>> | undefined;
  /** Where devices are listed from; default `navigator.mediaDevices`. */
  mediaDevices?: MediaDevicesLike | undefined;
}

type Announced = Record<'mic' | 'cam' | 'share' | 'connection', string | boolean>;

function describeChange(
  key: keyof Announced,
  next: unknown,
  previous: unknown,
): string | undefined {
  switch (key) {
    case 'mic':
      return next ? 'announce.micOn' : 'announce.micOff';
    case 'cam':
      return next ? 'announce.camOn' : 'announce.camOff';
    case 'share':
      return next ? 'announce.shareOn' : 'announce.shareOff';
    case 'connection':
      if (next === 'reconnecting') return 'announce.reconnecting';
      if (next === 'connected') {
        return previous === 'reconnecting' ? 'announce.reconnected' : 'announce.connected';
      }
      return 'announce.alone';
  }
}

function CallControlsView(props: CallControlsProps): React.JSX.Element {
  const { t } = useTranslation('consult');
  const noMicId = useId();
  const noCamId = useId();
  const mediaDevices = props.mediaDevices ?? browserMediaDevices();
  const devices = useInputDevices(mediaDevices, props.onDeviceChange !== undefined);
  const announced = useChangeAnnouncement<Announced>(
    {
      mic: props.micOn,
      cam: props.camOn,
      share: props.screenShare?.sharing ?? false,
      connection: props.connection,
    },
    describeChange,
  );

  return (
    <Stack gap="xs" data-testid="call-controls">
      <Group gap="xs" wrap="wrap" role="group" aria-label={t('controls.label')}>
        <Button
          variant={props.micOn ? 'filled' : 'light'}
          color={props.micOn ? 'blue' : 'red'}
          leftSection={<MicIcon off={!props.micOn} />}
          aria-pressed={props.micOn}
          disabled={!props.hasMic}
          aria-describedby={props.hasMic ? undefined : noMicId}
          onClick={() => props.onMicChange(!props.micOn)}
          data-testid="toggle-mic"
        >
          {t('controls.microphone')}
        </Button>
        <Button
          variant={props.camOn ? 'filled' : 'light'}
          color={props.camOn ? 'blue' : 'red'}
          leftSection={<CameraIcon off={!props.camOn} />}
          aria-pressed={props.camOn}
          disabled={!props.hasCam}
          aria-describedby={props.hasCam ? undefined : noCamId}
          onClick={() => props.onCamChange(!props.camOn)}
          data-testid="toggle-cam"
        >
          {t('controls.camera')}
        </Button>
        {props.screenShare ? (
          <Button
            variant={props.screenShare.sharing ? 'filled' : 'default'}
            leftSection={<ScreenIcon />}
            aria-pressed={props.screenShare.sharing}
            onClick={props.screenShare.onToggle}
            data-testid="toggle-screen-share"
          >
            {t('controls.shareScreen')}
          </Button>
        ) : null}
        <Button color="red" leftSection={<LeaveIcon />} onClick={props.onLeave} data-testid="leave">
          {t('controls.leave')}
        </Button>
      </Group>
      {!props.hasMic || !props.hasCam ? (
        <Group gap="md">
          {!props.hasMic ? (
            <Text id={noMicId} size="xs" c="dimmed">
              {t('controls.noMicrophone')}
            </Text>
          ) : null}
          {!props.hasCam ? (
            <Text id={noCamId} size="xs" c="dimmed">
              {t('controls.noCamera')}
            </Text>
          ) : null}
        </Group>
      ) : null}
      {props.onDeviceChange ? (
        <DevicePicker
          devices={devices}
          selected={props.selectedDevices}
          onDeviceChange={props.onDeviceChange}
        />
      ) : null}
      <VisuallyHidden role="status" aria-live="polite" data-testid="call-announcer">
        {announced.map((key) => t(key)).join('. ')}
      </VisuallyHidden>
    </Stack>
  );
}

/** Memoized: the call's snapshot changes often (signals, stats); this part only when its props do. */
export const CallControls = memo(CallControlsView);
