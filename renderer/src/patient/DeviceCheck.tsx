/**
 * Step 1: camera preview, microphone level, device choice and the connection check, each
 * with a plain-language result. When a device cannot be used the patient learns how to fix
 * it, or joins with audio only or chat only instead of being stuck.
 */
import { Button, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantRole } from '../../../shared/signaling/protocol';
import { DevicePicker } from '../features/consult/call/ui/DevicePicker';
import { VideoTile } from '../features/consult/call/ui/VideoTile';
import type { CreateLevelMeter } from './browser-media';
import type { DeviceStatus } from './local-media';
import { MicLevelMeter } from './MicLevelMeter';
import type { NetworkCheck, VisitSnapshot } from './patient-visit';
import { PermissionHelp } from './PermissionHelp';
import { StepHeading } from './StepHeading';

export interface DeviceCheckProps {
  visit: VisitSnapshot;
  stream: MediaStream;
  selfName: string | undefined;
  selfRole: ParticipantRole | undefined;
  createLevelMeter: CreateLevelMeter;
  onRetry: () => void;
  onAudioOnly: () => Promise<boolean>;
  onChatOnly: () => void;
  onContinue: () => void;
  onDeviceChange: (kind: 'audioinput' | 'videoinput', deviceId: string) => Promise<boolean>;
}

function networkText(network: NetworkCheck): { key: string; ms?: number } {
  if (network.state === 'done') return { key: `check.network.${network.level}`, ms: network.rttMs };
  return { key: `check.network.${network.state}` };
}

function StatusItem(props: { testId: string; status: string; children: string }) {
  return (
    <List.Item data-testid={props.testId} data-status={props.status}>
      {props.children}
    </List.Item>
  );
}

export function DeviceCheck(props: DeviceCheckProps): React.JSX.Element {
  const { t } = useTranslation('patient');
  const [switchFailed, setSwitchFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const { media, network } = props.visit;
  const pending = media.camera === 'pending' || media.microphone === 'pending';
  const allOk = media.camera === 'ok' && media.microphone === 'ok';
  const unusable = (s: DeviceStatus) => s !== 'ok' && s !== 'pending';
  const net = networkText(network);

  const changeDevice = (kind: 'audioinput' | 'videoinput', deviceId: string): void => {
    setSwitchFailed(false);
    void props.onDeviceChange(kind, deviceId).then((ok) => setSwitchFailed(!ok));
  };
  const audioOnly = (): void => {
    setBusy(true);
    void props.onAudioOnly().then((ok) => {
      setBusy(false);
      if (ok) props.onContinue();
    });
  };

  return (
    <Stack gap="md" data-testid="device-check">
      <StepHeading step={1} title={t('check.title')} focus={false} />
      <Text size="sm">{t('check.intro')}</Text>
      {pending ? (
        <Text fw={600} role="status" data-testid="permission-prompt">
          {t('check.prompt')}
        </Text>
      ) : null}
      <VideoTile
        local
        stream={props.stream}
        tracksKey={media.videoTrackId}
        name={props.selfName}
        role={props.selfRole}
        videoOn={media.videoTrackId !== undefined}
      />
      {media.audioTrackId ? (
        <MicLevelMeter
          stream={props.stream}
          trackId={media.audioTrackId}
          createLevelMeter={props.createLevelMeter}
        />
      ) : null}
      <List size="sm" spacing={4} listStyleType="none" aria-live="polite">
        <StatusItem testId="check-camera" status={media.camera}>
          {t(`check.camera.${media.camera}`)}
        </StatusItem>
        <StatusItem testId="check-microphone" status={media.microphone}>
          {t(`check.microphone.${media.microphone}`)}
        </StatusItem>
        <StatusItem testId="check-network" status={network.state}>
          {t(net.key, { ms: net.ms })}
        </StatusItem>
      </List>
      <DevicePicker
        devices={media.devices}
        selected={media.selected}
        onDeviceChange={changeDevice}
      />
      {switchFailed ? (
        <Text size="sm" c="red" role="alert">
          {t('check.switchFailed')}
        </Text>
      ) : null}
      <PermissionHelp camera={media.camera} microphone={media.microphone} />
      {allOk ? (
        <Group>
          <Button onClick={props.onContinue} data-testid="check-continue">
            {t('check.continue')}
          </Button>
        </Group>
      ) : null}
      {!pending && !allOk ? (
        <Stack gap="xs">
          <Group gap="xs" wrap="wrap">
            <Button variant="default" onClick={props.onRetry} data-testid="check-retry">
              {t('check.retry')}
            </Button>
          </Group>
          <Text size="sm">{t('help.fallback')}</Text>
          <Group gap="xs" wrap="wrap">
            {unusable(media.camera) && media.microphone !== 'unsupported' ? (
              <Button onClick={audioOnly} loading={busy} data-testid="join-audio-only">
                {t('check.audioOnly')}
              </Button>
            ) : null}
            <Button variant="light" onClick={props.onChatOnly} data-testid="join-chat-only">
              {t('check.chatOnly')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}
