/**
 * The call's connection quality as words and bars (never colour alone), and a note when this
 * side paused its video to keep the sound (the video → audio fallback in call-quality.ts).
 */
import { Box, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QualityLevel } from '../../../../../../shared/consult/call-quality';

export interface QualityIndicatorProps {
  /** Worst quality over the connected peers; undefined before the first measurement. */
  quality: QualityLevel | undefined;
  /** This side dropped its own video because the link is poor. */
  videoDropped: boolean;
}

const BARS: Record<QualityLevel, number> = { good: 3, fair: 2, poor: 1 };
const COLOR: Record<QualityLevel, string> = {
  good: 'var(--mantine-color-green-7)',
  fair: 'var(--mantine-color-yellow-7)',
  poor: 'var(--mantine-color-red-7)',
};

export function QualityIndicator(props: QualityIndicatorProps): React.JSX.Element {
  const { t } = useTranslation('consult');
  const level = props.quality;
  const lit = level ? BARS[level] : 0;
  return (
    <Stack gap={4} data-testid="call-quality" data-level={level ?? 'unknown'}>
      <Group gap={6} wrap="nowrap">
        <Group gap={2} align="flex-end" aria-hidden="true" wrap="nowrap">
          {[1, 2, 3].map((bar) => (
            <Box
              key={bar}
              w={4}
              h={4 + bar * 4}
              style={{
                borderRadius: 1,
                background: level && bar <= lit ? COLOR[level] : 'var(--mantine-color-gray-4)',
              }}
            />
          ))}
        </Group>
        <Text size="sm">{t('quality.label', { level: t(`quality.${level ?? 'unknown'}`) })}</Text>
      </Group>
      <div role="status" aria-live="polite">
        {props.videoDropped ? (
          <Text size="sm" c="orange.9" data-testid="video-dropped-note">
            {t('quality.videoDropped')}
          </Text>
        ) : null}
      </div>
    </Stack>
  );
}
