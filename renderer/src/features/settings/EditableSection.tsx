/**
 * A Settings section the clinician can edit, with its own Save: the rows, then when the
 * changes apply, the Save button and a status line that screen readers announce (`role=status`).
 * Saving checks every edited field and marks each bad one; the inputs keep what was typed.
 */
import { Button, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig } from '../../../../shared/config/app-config';
import type {
  UserSettingField,
  UserSettingsSnapshot,
} from '../../../../shared/config/user-settings';
import type { UserSettingsStore } from '../../host/Host';
import { EditableSetting } from './EditableSetting';
import { Section } from './Section';
import {
  fieldMode,
  SECTION_EFFECT,
  SETTING_SECTIONS,
  type FormValues,
  type SettingSection,
} from './settings-form';
import { useSettingsSection, type SectionStatus } from './useSettingsSection';

export interface EditableSectionProps {
  section: SettingSection;
  title: string;
  testId: string;
  /** The label of each field of the section. */
  labels: Record<string, string>;
  config: AppConfig;
  snapshot: UserSettingsSnapshot | undefined;
  store: UserSettingsStore;
  onSaved: (values: FormValues) => void;
  /** Rows after the editable ones (read-only settings of the same topic). */
  children?: ReactNode;
}

export function EditableSection(props: EditableSectionProps) {
  const { t } = useTranslation('settings');
  const fields: readonly UserSettingField[] = SETTING_SECTIONS[props.section];
  const section = useSettingsSection({
    fields,
    config: props.config,
    snapshot: props.snapshot,
    store: props.store,
    onSaved: props.onSaved,
  });
  const editable = fields.some(
    (field) => fieldMode(field, props.config, props.snapshot) === 'editable',
  );
  const effect = SECTION_EFFECT[props.section];
  const footer = editable ? (
    <Stack gap={4} mt="sm">
      <Text size="xs" c="dimmed">
        {effect === 'restart' ? t('edit.effect-restart') : t('edit.effect-next-sign-in')}
      </Text>
      <Group gap="sm" wrap="nowrap" align="center">
        <Button
          type="submit"
          size="xs"
          loading={section.status.k === 'saving'}
          data-testid={`${props.testId}-save`}
        >
          {t('save')}
        </Button>
        <StatusLine status={section.status} effect={effect} testId={`${props.testId}-status`} />
      </Group>
    </Stack>
  ) : null;
  return (
    <Section
      title={props.title}
      testId={props.testId}
      footer={footer}
      {...(editable ? { onSubmit: () => void section.save() } : {})}
    >
      {fields.map((field) => (
        <EditableSetting
          key={field}
          field={field}
          label={props.labels[field] ?? field}
          config={props.config}
          snapshot={props.snapshot}
          section={section}
        />
      ))}
      {props.children}
    </Section>
  );
}

/** Always in the DOM, so a screen reader announces each new message in it. */
function StatusLine(props: {
  status: SectionStatus;
  effect: 'restart' | 'next-sign-in';
  testId: string;
}) {
  const { t } = useTranslation('settings');
  const { status } = props;
  let text: ReactNode = null;
  if (status.k === 'saving') text = t('edit.saving');
  else if (status.k === 'saved')
    text = props.effect === 'restart' ? t('edit.saved-restart') : t('edit.saved-next-sign-in');
  else if (status.k === 'unchanged') text = t('edit.unchanged');
  else if (status.k === 'invalid') text = t('edit.invalid');
  else if (status.k === 'failed')
    text = (
      <>
        {t('edit.failed')} <span data-i18n-ignore>{status.reason}</span>
      </>
    );
  const bad = status.k === 'invalid' || status.k === 'failed';
  return (
    <Text size="xs" role="status" c={bad ? 'red' : undefined} data-testid={props.testId}>
      {text}
    </Text>
  );
}
