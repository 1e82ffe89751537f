/**
 * Setting the unlock PIN. Offered only to someone who has just proven who they are (right
 * after a SMART re-authentication) or who is using the unlocked app: never on a locked
 * screen before that, where it would let anyone choose a PIN and walk in.
 */
import { Button, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidPin } from './pin-hash';
import type { PinStore } from './pin-store';

export interface SetPinFormProps {
  pins: Pick<PinStore, 'set'>;
  /** Saved, or skipped. */
  onDone: () => void;
  headingOrder?: 1 | 2 | 3;
}

const digitsOnly = (value: string) => value.replace(/\D/g, '').slice(0, 12);

export function SetPinForm(props: SetPinFormProps): React.JSX.Element {
  const { t } = useTranslation('lock');
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<'invalid' | 'mismatch' | 'failed' | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: { preventDefault: () => void }): Promise<void> {
    event.preventDefault();
    if (!isValidPin(pin)) {
      setError('invalid');
      return;
    }
    if (pin !== repeat) {
      setError('mismatch');
      return;
    }
    setBusy(true);
    try {
      await props.pins.set(pin);
      props.onDone();
    } catch {
      setError('failed');
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="lock-set-pin">
      <Stack gap="sm">
        <Title order={props.headingOrder ?? 2} size="h4">
          {t('set-pin.title')}
        </Title>
        <Text size="sm">{t('set-pin.body')}</Text>
        <PasswordInput
          label={t('set-pin.pin')}
          description={t('set-pin.rule')}
          value={pin}
          onChange={(e) => setPin(digitsOnly(e.currentTarget.value))}
          inputMode="numeric"
          visibilityToggleButtonProps={{ 'aria-label': t('pin.toggle') }}
          autoComplete="new-password"
          data-testid="lock-set-pin-first"
        />
        <PasswordInput
          label={t('set-pin.repeat')}
          value={repeat}
          onChange={(e) => setRepeat(digitsOnly(e.currentTarget.value))}
          inputMode="numeric"
          visibilityToggleButtonProps={{ 'aria-label': t('pin.toggle') }}
          autoComplete="new-password"
          data-testid="lock-set-pin-repeat"
        />
        <Text size="sm" c="red" role="alert" data-testid="lock-set-pin-error">
          {error ? t(`set-pin.${error}`) : ''}
        </Text>
        <Group gap="sm">
          <Button type="submit" loading={busy} data-testid="lock-set-pin-save">
            {t('set-pin.save')}
          </Button>
          <Button variant="default" onClick={props.onDone} data-testid="lock-set-pin-skip">
            {t('set-pin.skip')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
