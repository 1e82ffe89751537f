/**
 * The reading form's inputs, sized for a 360 px phone: what was measured, the value(s) with
 * their unit, and when (empty = now). Each input has a visible label, its problem is said next
 * to it (Mantine links it with aria-describedby and marks the input aria-invalid), and number
 * fields bring up the phone's number keyboard. Inputs are named after their field, so the form
 * can move focus to the one to fix.
 */
import { Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { unitLabel, type UcumUnit } from '../../../../shared/monitoring/units';
import type { DraftField, FormMetric, FormMetricChoice, ReadingDraft } from './reading-draft';

export interface ReadingFieldsProps {
  choices: FormMetricChoice[];
  draft: ReadingDraft;
  onMetric: (metric: FormMetric) => void;
  onChange: (patch: Partial<ReadingDraft>, field?: DraftField) => void;
  errors: Partial<Record<DraftField, React.ReactNode>>;
  /** Latest time the picker offers (`datetime-local` value of now). */
  maxAt: string;
}

export function ReadingFields(props: ReadingFieldsProps): React.JSX.Element {
  const { t } = useTranslation('companion');
  const { draft, errors } = props;
  const units = props.choices.find((c) => c.metric === draft.metric)?.units ?? [draft.unit];
  return (
    <Stack gap="sm">
      <NativeSelect
        label={t('form.metric')}
        value={draft.metric}
        onChange={(e) => {
          const chosen = props.choices.find((c) => c.metric === e.currentTarget.value);
          if (chosen) props.onMetric(chosen.metric);
        }}
        data={props.choices.map((c) => ({
          value: c.metric,
          label: t(`form.metrics.${c.metric}`),
        }))}
        data-testid="companion-metric"
      />
      {draft.metric === 'blood-pressure' ? (
        <Group grow align="flex-start" wrap="nowrap" gap="xs">
          <TextInput
            name="systolic"
            label={t('form.systolic')}
            value={draft.systolic}
            onChange={(e) => props.onChange({ systolic: e.currentTarget.value }, 'systolic')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            required
            error={errors.systolic}
            data-testid="companion-systolic"
          />
          <TextInput
            name="diastolic"
            label={t('form.diastolic')}
            value={draft.diastolic}
            onChange={(e) => props.onChange({ diastolic: e.currentTarget.value }, 'diastolic')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            required
            error={errors.diastolic}
            data-testid="companion-diastolic"
          />
        </Group>
      ) : (
        <Group grow align="flex-start" wrap="nowrap" gap="xs">
          <TextInput
            name="value"
            label={t(`form.value.${draft.metric}`)}
            value={draft.value}
            onChange={(e) => props.onChange({ value: e.currentTarget.value }, 'value')}
            inputMode="decimal"
            autoComplete="off"
            maxLength={12}
            required
            error={errors.value}
            data-testid="companion-value"
          />
          <NativeSelect
            label={t('form.unit')}
            value={draft.unit}
            onChange={(e) => {
              const unit = units.find((u) => u === e.currentTarget.value);
              if (unit) props.onChange({ unit }, 'value');
            }}
            // Unit symbols are the same in every language (unitLabel), not translations.
            data={units.map((u: UcumUnit) => ({ value: u, label: unitLabel(u) }))}
            data-i18n-ignore=""
            data-testid="companion-unit"
          />
        </Group>
      )}
      <TextInput
        name="at"
        type="datetime-local"
        label={t('form.at')}
        description={t('form.atHint')}
        value={draft.at}
        max={props.maxAt}
        onChange={(e) => props.onChange({ at: e.currentTarget.value }, 'at')}
        error={errors.at}
        data-testid="companion-at"
      />
    </Stack>
  );
}
