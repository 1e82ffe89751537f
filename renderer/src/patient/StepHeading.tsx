import { Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export const STEP_COUNT = 3;

/**
 * A step's title with "Step n of 3". Focus moves to it when a new step appears, so screen
 * reader and keyboard users start reading at the new content (not on first load).
 */
export function StepHeading(props: {
  step?: number;
  title: string;
  focus: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('patient');
  const ref = useRef<HTMLHeadingElement>(null);
  const { focus } = props;
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <Stack gap={2}>
      {props.step ? (
        <Text size="sm" c="dimmed" data-testid="step">
          {t('step', { step: props.step, total: STEP_COUNT })}
        </Text>
      ) : null}
      <Title order={2} size="h3" ref={ref} tabIndex={-1} style={{ outline: 'none' }}>
        {props.title}
      </Title>
    </Stack>
  );
}
