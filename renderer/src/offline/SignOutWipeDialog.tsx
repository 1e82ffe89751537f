/**
 * Sign-out with `cache.wipeOnSignOut`: unsent notes would be lost with the cache, so the user
 * decides — discard them, keep them (sent after the next sign-in), or stay signed in.
 */
import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type WipeChoice = 'discard' | 'keep' | 'cancel';

export function SignOutWipeDialog(props: {
  /** Unsent outbox entries; the dialog is open while this is set. */
  unsent: number | undefined;
  onChoose: (choice: WipeChoice) => void;
}): React.JSX.Element {
  const { t } = useTranslation('common');
  return (
    <Modal
      opened={props.unsent !== undefined}
      onClose={() => props.onChoose('cancel')}
      title={t('offline.signOut.title')}
      data-testid="sign-out-wipe-dialog"
    >
      <Text size="sm">{t('offline.signOut.body', { count: props.unsent ?? 0 })}</Text>
      <Group mt="md" justify="flex-end">
        <Button variant="default" onClick={() => props.onChoose('cancel')}>
          {t('offline.signOut.cancel')}
        </Button>
        <Button variant="default" onClick={() => props.onChoose('keep')} data-testid="wipe-keep">
          {t('offline.signOut.keep')}
        </Button>
        <Button color="red" onClick={() => props.onChoose('discard')} data-testid="wipe-discard">
          {t('offline.signOut.discard')}
        </Button>
      </Group>
    </Modal>
  );
}
