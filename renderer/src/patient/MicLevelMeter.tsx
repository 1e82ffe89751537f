import { Box, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateLevelMeter } from './browser-media';

/** A live bar of the microphone's level, so the patient sees that they are heard. */
export function MicLevelMeter(props: {
  stream: MediaStream;
  /** The microphone track's id: a new track (another device) needs a new meter. */
  trackId: string;
  createLevelMeter: CreateLevelMeter;
}): React.JSX.Element {
  const { t } = useTranslation('patient');
  const [level, setLevel] = useState(0);
  const { stream, trackId, createLevelMeter } = props;
  useEffect(() => {
    const meter = createLevelMeter(stream);
    if (!meter) return;
    const timer = setInterval(() => setLevel(Math.round(meter.level() * 100)), 100);
    return () => {
      clearInterval(timer);
      meter.close();
    };
  }, [stream, trackId, createLevelMeter]);
  return (
    <Stack gap={4}>
      <Text size="sm" id={`mic-level-${trackId}`}>
        {t('check.micLevel')}
      </Text>
      <Box
        role="meter"
        aria-labelledby={`mic-level-${trackId}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={level}
        h={10}
        bg="gray.2"
        data-testid="mic-level"
        style={{ borderRadius: 5, overflow: 'hidden' }}
      >
        <Box h="100%" w={`${level}%`} bg="green.7" style={{ transition: 'width 90ms linear' }} />
      </Box>
      <Text size="xs" c="dimmed">
        {t('check.micHint')}
      </Text>
    </Stack>
  );
}
