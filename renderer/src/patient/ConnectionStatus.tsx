import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SignalingStatus } from '../features/consult/call/signaling-client';

const COLOR: Record<SignalingStatus, string> = {
  connecting: 'dimmed',
  open: 'green.9',
  reconnecting: 'orange.9',
  closed: 'red.9',
};

/** Whether the practice can see the patient right now (the signaling connection). */
export function ConnectionStatus(props: { signaling: SignalingStatus }): React.JSX.Element {
  const { t } = useTranslation('patient');
  return (
    <Text
      size="sm"
      c={COLOR[props.signaling]}
      role="status"
      data-testid="connection-status"
      data-state={props.signaling}
    >
      {t(`connection.${props.signaling}`)}
    </Text>
  );
}
