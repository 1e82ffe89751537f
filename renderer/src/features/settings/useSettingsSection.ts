/**
 * One editable section of Settings: its values as typed, their field errors, and Save.
 *
 * Nothing typed is ever thrown away: a refused save (field errors, or storage that fails)
 * keeps the inputs as they are, and the previous settings stay saved; a successful save makes
 * the typed values the new starting point. Sections keep their own state, so saving one never
 * resets another's unsaved edits.
 */
import { useState } from 'react';
import type { AppConfig } from '../../../../shared/config/app-config';
import {
  checkUserSettingsPatch,
  type UserSettingError,
  type UserSettingField,
  type UserSettingsSnapshot,
} from '../../../../shared/config/user-settings';
import type { UserSettingsStore } from '../../host/Host';
import { changedFields, formValues, type FormValues } from './settings-form';

export type SectionStatus =
  | { k: 'idle' }
  | { k: 'saving' }
  | { k: 'saved' }
  | { k: 'unchanged' }
  | { k: 'invalid' }
  /** The host could not store the settings; `reason` is its (English) explanation. */
  | { k: 'failed'; reason: string };

export interface SettingsSection {
  values: FormValues;
  errors: Partial<Record<UserSettingField, UserSettingError>>;
  status: SectionStatus;
  setValue(field: UserSettingField, value: unknown): void;
  save(): Promise<void>;
}

/** The id of a field's input, for labels and for moving focus to the first error. */
export function inputId(field: UserSettingField): string {
  return `setting-input-${field.replace('.', '-')}`;
}

export function useSettingsSection(options: {
  fields: readonly UserSettingField[];
  config: AppConfig;
  snapshot: UserSettingsSnapshot | undefined;
  store: UserSettingsStore;
  /** After a successful save, with the saved values. */
  onSaved: (values: FormValues) => void;
}): SettingsSection {
  const [initial, setInitial] = useState<FormValues>(() => formValues(options.config));
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<SettingsSection['errors']>({});
  const [status, setStatus] = useState<SectionStatus>({ k: 'idle' });

  function showErrors(list: readonly UserSettingError[]): void {
    setErrors(Object.fromEntries(list.map((e) => [e.field, e])));
    setStatus({ k: 'invalid' });
    const first = list[0];
    if (first) document.getElementById(inputId(first.field))?.focus();
  }

  async function save(): Promise<void> {
    const { snapshot, config, store, fields } = options;
    if (!snapshot || status.k === 'saving') return;
    const changed = changedFields(fields, values, initial);
    if (Object.keys(changed).length === 0) {
      setErrors({});
      setStatus({ k: 'unchanged' });
      return;
    }
    const checked = checkUserSettingsPatch(changed, {
      baseline: snapshot.baseline,
      managed: config.managed,
    });
    if (!checked.ok) {
      showErrors(checked.errors);
      return;
    }
    setStatus({ k: 'saving' });
    try {
      const result = await store.save(checked.patch);
      if (!result.saved) {
        showErrors(result.errors);
        return;
      }
    } catch (error) {
      setStatus({ k: 'failed', reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    setErrors({});
    setInitial(values);
    setStatus({ k: 'saved' });
    options.onSaved(values);
  }

  return {
    values,
    errors,
    status,
    setValue(field, value) {
      setValues((current) => ({ ...current, [field]: value }));
      setErrors((current) => {
        const { [field]: _dropped, ...rest } = current;
        return rest;
      });
      setStatus({ k: 'idle' });
    },
    save,
  };
}
