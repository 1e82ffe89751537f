/**
 * The idle-lock time: the clinician's to choose unless the clinic's file fixes it. Saved in
 * this device's user settings (user-settings.ts); the idle lock reads it through
 * `host.getConfig()` when a session starts, so the screen says it applies from the next sign-in.
 */
import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { securitySettingsSchema } from '../../../../shared/config/app-config';
import { readUserSettings, writeUserSettings } from './user-settings';

const minutesSchema = securitySettingsSchema.shape.idleLockMinutes.unwrap();

export interface IdleLockSettingProps {
  /** The minutes in effect now. */
  minutes: number;
  /** Called after a successful save with the saved value. */
  onSaved: (minutes: number) => void;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export function IdleLockSetting(props: IdleLockSettingProps) {
  const { t } = useTranslation('settings');
  const [value, setValue] = useState<string | number>(props.minutes);
  const [status, setStatus] = useState<'idle' | 'invalid' | 'saved' | 'failed'>('idle');
  const statusId = useId();

  function save() {
    const parsed = minutesSchema.safeParse(typeof value === 'number' ? value : Number.NaN);
    if (!parsed.success) {
      setStatus('invalid');
      return;
    }
    const saved = writeUserSettings(props.storage, {
      ...readUserSettings(props.storage),
      idleLockMinutes: parsed.data,
    });
    setStatus(saved ? 'saved' : 'failed');
    if (saved) props.onSaved(parsed.data);
  }

  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NumberInput
          label={t('security.idle-minutes-input')}
          value={value}
          onChange={(next) => {
            setValue(next);
            setStatus('idle');
          }}
          min={1}
          max={240}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          w={140}
          size="xs"
          error={status === 'invalid' ? t('security.range') : undefined}
          aria-describedby={statusId}
          data-testid="idle-minutes-input"
        />
        <Button size="xs" onClick={save} data-testid="idle-minutes-save">
          {t('save')}
        </Button>
      </Group>
      <Text id={statusId} size="xs" role="status" c={status === 'failed' ? 'red' : 'dimmed'}>
        {status === 'saved' ? t('security.saved') : status === 'failed' ? t('save-failed') : ''}
      </Text>
    </Stack>
  );
}
