/**
 * What to do when the camera or microphone cannot be used: for a refusal, how to allow it in
 * the common browsers; for a busy, missing or unsupported device, the fix for that.
 */
import { Alert, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DeviceStatus } from './local-media';

type Problem = 'denied' | 'busy' | 'missing' | 'unsupported';
const ORDER: readonly Problem[] = ['denied', 'busy', 'missing', 'unsupported'];
const BROWSERS = ['chrome', 'firefox', 'safari', 'android'] as const;

export function PermissionHelp(props: {
  camera: DeviceStatus;
  microphone: DeviceStatus;
}): React.JSX.Element | null {
  const { t } = useTranslation('patient');
  const problems = ORDER.filter((p) => props.camera === p || props.microphone === p);
  if (problems.length === 0) return null;
  return (
    <Stack gap="xs" role="alert" data-testid="permission-help" data-problems={problems.join(' ')}>
      {problems.map((problem) => (
        <Alert key={problem} color="orange" title={t(`help.${problem}Title`)}>
          {problem === 'denied' ? (
            <Stack gap={4}>
              <Text size="sm">{t('help.deniedIntro')}</Text>
              <List size="sm" spacing={4}>
                {BROWSERS.map((browser) => (
                  <List.Item key={browser}>{t(`help.${browser}`)}</List.Item>
                ))}
              </List>
            </Stack>
          ) : (
            <Text size="sm">{t(`help.${problem}`)}</Text>
          )}
        </Alert>
      ))}
    </Stack>
  );
}
