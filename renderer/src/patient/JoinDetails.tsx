/**
 * Step 2: the name the clinician sees and consent to the video consultation. Both are
 * required; the problems are said next to the fields and focus goes to the first one.
 */
import { Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JoinMode } from './patient-visit';
import { StepHeading } from './StepHeading';

/** The signaling protocol's limit for display names. */
const MAX_NAME = 80;

export function JoinDetails(props: {
  mode: JoinMode;
  onSubmit: (name: string) => void;
}): React.JSX.Element {
  const { t } = useTranslation('patient');
  const [name, setName] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [tried, setTried] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const consentRef = useRef<HTMLInputElement>(null);
  const nameMissing = name.trim() === '';

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    setTried(true);
    if (nameMissing) nameRef.current?.focus();
    else if (!agreed) consentRef.current?.focus();
    else props.onSubmit(name.trim());
  };

  return (
    <form onSubmit={submit} noValidate data-testid="join-details">
      <Stack gap="md">
        <StepHeading step={2} title={t('details.title')} focus />
        {props.mode !== 'full' ? (
          <Text size="sm" data-testid="join-mode">
            {t(props.mode === 'audio-only' ? 'details.audioOnly' : 'details.chatOnly')}
          </Text>
        ) : null}
        <TextInput
          ref={nameRef}
          label={t('details.name')}
          description={t('details.nameHint')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={MAX_NAME}
          autoComplete="name"
          required
          error={tried && nameMissing ? t('details.nameRequired') : undefined}
          data-testid="patient-name"
        />
        <Checkbox
          ref={consentRef}
          label={t('details.consent')}
          checked={agreed}
          onChange={(e) => setAgreed(e.currentTarget.checked)}
          error={tried && !agreed ? t('details.consentRequired') : undefined}
          data-testid="patient-consent"
        />
        <Group>
          <Button type="submit" data-testid="details-submit">
            {t('details.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
