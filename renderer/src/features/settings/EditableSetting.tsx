/**
 * One user-editable setting on the Settings screen: an input when the clinician may change
 * it, otherwise its value with the reason it cannot be changed here (the clinic's lock, or
 * "only your clinic can relax this"). Inputs are labelled by the setting's own label, and
 * their errors and hints are tied to them (`aria-describedby`, `aria-invalid`).
 */
import { Checkbox, Group, NativeSelect, NumberInput, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AppConfig } from '../../../../shared/config/app-config';
import type {
  UserSettingError,
  UserSettingField,
  UserSettingsSnapshot,
} from '../../../../shared/config/user-settings';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from '../../i18n/i18n';
import { LanguageList } from './LanguageSetting';
import { choicesOf, fieldMode, isAllowed, isNumberField, numberRange } from './settings-form';
import { SettingRow, settingLabelId, Value } from './SettingRow';
import { inputId, type SettingsSection } from './useSettingsSection';

export interface EditableSettingProps {
  field: UserSettingField;
  label: string;
  config: AppConfig;
  snapshot: UserSettingsSnapshot | undefined;
  section: SettingsSection;
}

export function EditableSetting(props: EditableSettingProps) {
  const { t } = useTranslation('settings');
  const { field, config, snapshot, section } = props;
  const mode = fieldMode(field, config, snapshot);
  const editable = mode === 'editable' && snapshot !== undefined;
  const isGroup = field === 'languages';
  return (
    <SettingRow
      label={props.label}
      field={field}
      managed={config.managed}
      labelFor={editable && !isGroup ? inputId(field) : undefined}
    >
      {editable ? (
        <SettingInput {...props} snapshot={snapshot} />
      ) : (
        <Stack gap={2}>
          <ShownValue field={field} value={section.values[field]} config={config} />
          {mode === 'fixed' ? (
            <Text size="xs" c="dimmed">
              {t('edit.fixed')}
            </Text>
          ) : null}
        </Stack>
      )}
    </SettingRow>
  );
}

function SettingInput(props: EditableSettingProps & { snapshot: UserSettingsSnapshot }) {
  const { t } = useTranslation('settings');
  const { field, section, snapshot } = props;
  const error = section.errors[field];
  const value = section.values[field];
  const id = inputId(field);
  if (field === 'languages') {
    const ticked = Array.isArray(value) ? (value as string[]) : [...SUPPORTED_LANGUAGES];
    const errorId = `${id}-error`;
    return (
      <Stack gap={4}>
        <Group
          gap="md"
          role="group"
          id={id}
          tabIndex={-1}
          aria-labelledby={settingLabelId(field)}
          aria-describedby={error ? errorId : undefined}
          aria-invalid={error ? true : undefined}
        >
          {SUPPORTED_LANGUAGES.map((lng) => (
            <Checkbox
              key={lng}
              size="xs"
              label={
                <span lang={lng} data-i18n-ignore>
                  {LANGUAGE_NAMES[lng]}
                </span>
              }
              checked={ticked.includes(lng)}
              onChange={(e) =>
                section.setValue(
                  field,
                  e.currentTarget.checked ? [...ticked, lng] : ticked.filter((l) => l !== lng),
                )
              }
            />
          ))}
        </Group>
        {error ? (
          <Text id={errorId} size="xs" c="red">
            {errorText(t, field, error, snapshot)}
          </Text>
        ) : null}
      </Stack>
    );
  }
  if (isNumberField(field)) {
    const range = numberRange(field, snapshot.baseline);
    const hint = field === 'security.idleLockMinutes' ? 'edit.range-minutes' : 'edit.range-days';
    return (
      <NumberInput
        id={id}
        value={value as number | string}
        onChange={(next) => section.setValue(field, next)}
        min={range.min}
        max={range.max}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        w={220}
        size="xs"
        description={t(hint, { min: range.min, max: range.max })}
        error={error ? errorText(t, field, error, snapshot) : undefined}
      />
    );
  }
  const choices = (choicesOf(field) ?? []).filter(
    (choice) => choice === value || isAllowed(field, choice, snapshot.baseline),
  );
  if (typeof value === 'boolean') {
    return (
      <Checkbox
        id={id}
        size="xs"
        checked={value}
        onChange={(e) => section.setValue(field, e.currentTarget.checked)}
        error={error ? errorText(t, field, error, snapshot) : undefined}
      />
    );
  }
  return (
    <NativeSelect
      id={id}
      size="xs"
      w={260}
      value={String(value)}
      onChange={(e) => section.setValue(field, e.currentTarget.value)}
      error={error ? errorText(t, field, error, snapshot) : undefined}
      data={choices.map((choice) => ({ value: String(choice), label: choiceLabel(t, choice) }))}
    />
  );
}

/** A setting's value as text, for settings that cannot be edited here. */
function ShownValue(props: { field: UserSettingField; value: unknown; config: AppConfig }) {
  const { t } = useTranslation('settings');
  const { field, value } = props;
  if (field === 'languages') return <LanguageList config={props.config} />;
  if (typeof value === 'number') return <Value data>{value}</Value>;
  if (field === 'updates.enabled')
    return <Value>{value ? t('updates.on') : t('updates.off')}</Value>;
  return <Value>{choiceLabel(t, value)}</Value>;
}

function choiceLabel(t: TFunction<'settings'>, value: unknown): string {
  if (value === 'pause') return t('security.call-pause');
  if (value === 'keep-audio') return t('security.call-keep-audio');
  return value === true ? t('yes') : t('no');
}

/** The field error in the UI language; the host's English message is never shown here. */
function errorText(
  t: TFunction<'settings'>,
  field: UserSettingField,
  error: UserSettingError,
  snapshot: UserSettingsSnapshot,
): string {
  if (error.code === 'locked') return t('errors.locked');
  if (isNumberField(field)) {
    const range = numberRange(field, snapshot.baseline);
    return t('errors.range', { min: range.min, max: range.max });
  }
  if (field === 'languages') return t('errors.languages');
  return error.code === 'weaker' ? t('edit.fixed') : t('errors.invalid');
}
