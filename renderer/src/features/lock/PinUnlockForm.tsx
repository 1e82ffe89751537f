/**
 * Unlock with the local PIN (pin-store.ts holds the rules: rate limit, 5 wrong → sign-out).
 */
import { Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PinStore } from './pin-store';

export interface PinUnlockFormProps {
  pins: Pick<PinStore, 'attempt' | 'retryAt'>;
  onUnlocked: () => void;
  /** The last allowed attempt failed. */
  onExhausted: () => void;
  now?: () => number;
}

type Feedback =
  | { k: 'none' }
  | { k: 'wrong'; attemptsLeft: number }
  | { k: 'wait' }
  | { k: 'exhausted' }
  | { k: 'gone' };

export function PinUnlockForm(props: PinUnlockFormProps): React.JSX.Element {
  const { t } = useTranslation('lock');
  const now = props.now ?? Date.now;
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>({ k: 'none' });
  const [retryAt, setRetryAt] = useState(() => props.pins.retryAt());
  const [clock, setClock] = useState(() => now());
  const waitSeconds = Math.max(0, Math.ceil((retryAt - clock) / 1000));

  // While a wait is pending, tick once a second so the countdown and the button follow it.
  useEffect(() => {
    if (retryAt <= now()) return;
    const timer = setInterval(() => {
      const time = now();
      setClock(time);
      if (time >= retryAt) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [retryAt, now]);

  async function submit(event: { preventDefault: () => void }): Promise<void> {
    event.preventDefault();
    if (busy || waitSeconds > 0 || pin === '') return;
    setBusy(true);
    const result = await props.pins.attempt(pin);
    setBusy(false);
    setPin('');
    setClock(now());
    if (result.ok) {
      props.onUnlocked();
      return;
    }
    switch (result.reason) {
      case 'wrong':
        setRetryAt(result.retryAt);
        setFeedback({ k: 'wrong', attemptsLeft: result.attemptsLeft });
        return;
      case 'wait':
        setRetryAt(result.retryAt);
        setFeedback({ k: 'wait' });
        return;
      case 'exhausted':
        setFeedback({ k: 'exhausted' });
        props.onExhausted();
        return;
      case 'no-pin':
        setFeedback({ k: 'gone' });
        return;
    }
  }

  const message =
    feedback.k === 'wrong'
      ? t('pin.wrong', { count: feedback.attemptsLeft })
      : feedback.k === 'exhausted'
        ? t('pin.exhausted')
        : feedback.k === 'gone'
          ? t('pin.gone')
          : '';
  const stopped = feedback.k === 'exhausted' || feedback.k === 'gone';

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="lock-pin-form">
      <Stack gap="xs">
        <PasswordInput
          label={t('pin.label')}
          value={pin}
          onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, '').slice(0, 12))}
          inputMode="numeric"
          visibilityToggleButtonProps={{ 'aria-label': t('pin.toggle') }}
          autoComplete="off"
          disabled={stopped}
          data-testid="lock-pin"
        />
        <Group gap="sm">
          <Button
            type="submit"
            loading={busy}
            disabled={stopped || waitSeconds > 0 || pin === ''}
            data-testid="lock-pin-submit"
          >
            {t('pin.unlock')}
          </Button>
        </Group>
        <Text size="sm" role="alert" c={message ? 'red' : undefined} data-testid="lock-pin-message">
          {message}
        </Text>
        {waitSeconds > 0 && !stopped ? (
          <Text size="sm" role="status" data-testid="lock-pin-wait">
            {t('pin.wait', { count: waitSeconds })}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}
