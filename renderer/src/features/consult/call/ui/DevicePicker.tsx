/**
 * Camera and microphone choice. Device labels are only readable after the page was allowed
 * to use a device; before that they are numbered ("Camera 2").
 */
import { Group, NativeSelect } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputDeviceKind, MediaDevicesLike } from './call-ui-model';

export interface DevicePickerProps {
  devices: readonly MediaDeviceInfo[];
  selected?: Partial<Record<InputDeviceKind, string>> | undefined;
  onDeviceChange: (kind: InputDeviceKind, deviceId: string) => void;
  disabled?: boolean;
}

const KINDS: readonly { kind: InputDeviceKind; label: string; unnamed: string }[] = [
  { kind: 'videoinput', label: 'devices.camera', unnamed: 'devices.unnamedCamera' },
  { kind: 'audioinput', label: 'devices.microphone', unnamed: 'devices.unnamedMicrophone' },
];

export function DevicePicker(props: DevicePickerProps): React.JSX.Element | null {
  const { t } = useTranslation('consult');
  const lists = KINDS.map((k) => ({
    ...k,
    options: props.devices
      .filter((d) => d.kind === k.kind && d.deviceId !== '')
      .map((d, i) => ({ value: d.deviceId, label: d.label || t(k.unnamed, { number: i + 1 }) })),
  })).filter((k) => k.options.length > 0);
  if (lists.length === 0) return null;
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="device-picker">
      {lists.map((k) => (
        <NativeSelect
          key={k.kind}
          label={t(k.label)}
          size="xs"
          miw={0}
          style={{ flex: '1 1 12rem' }}
          value={props.selected?.[k.kind] ?? k.options[0]?.value ?? ''}
          onChange={(e) => props.onDeviceChange(k.kind, e.currentTarget.value)}
          data={k.options}
          disabled={props.disabled}
          // Device names come from the system, not from the app's strings.
          data-i18n-ignore=""
          data-testid={`device-select-${k.kind}`}
        />
      ))}
    </Group>
  );
}

/** The cameras and microphones, kept current when a device is plugged in or out. */
export function useInputDevices(
  mediaDevices: MediaDevicesLike | undefined,
  enabled: boolean,
): readonly MediaDeviceInfo[] {
  const [devices, setDevices] = useState<readonly MediaDeviceInfo[]>([]);
  useEffect(() => {
    if (!mediaDevices || !enabled) return;
    let live = true;
    const load = (): void => {
      mediaDevices
        .enumerateDevices()
        .then((all) => {
          if (live) setDevices(all.filter((d) => d.kind !== 'audiooutput'));
        })
        .catch(() => undefined); // no list: the picker stays hidden
    };
    load();
    mediaDevices.addEventListener('devicechange', load);
    return () => {
      live = false;
      mediaDevices.removeEventListener('devicechange', load);
    };
  }, [mediaDevices, enabled]);
  return devices;
}
