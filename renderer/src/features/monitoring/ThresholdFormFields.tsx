/**
 * The form of one threshold: level, rule (above/below/rise/fall), blood-pressure component,
 * limit with its unit, and the window of a rise/fall. Validated as typed (threshold-form.ts);
 * Save is enabled only for a valid limit. Editing keeps the rule (level, kind, component) and
 * changes the limit; another rule is a new threshold (and the old one can be removed).
 */
import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METRICS, type MetricKey } from '../../../../shared/monitoring/metrics';
import type { ThresholdChange } from '../../../../shared/monitoring/plan-edit';
import {
  THRESHOLD_KINDS,
  THRESHOLD_LEVELS,
  WINDOW_UNITS,
  type Threshold,
  type ThresholdKind,
  type ThresholdLevel,
  type WindowUnit,
} from '../../../../shared/monitoring/threshold';
import { unitLabel, type UcumUnit } from '../../../../shared/monitoring/units';
import {
  formFor,
  validateThresholdForm,
  type FormProblem,
  type ThresholdForm,
} from './threshold-form';

export function ThresholdFormFields(props: {
  metric: MetricKey;
  existing?: Threshold;
  /** The metric's other thresholds (contradictions and replacements are said). */
  others: readonly Threshold[];
  busy: boolean;
  onSave: (change: ThresholdChange) => void;
  onCancel: () => void;
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const { metric, existing } = props;
  const [form, setForm] = useState<ThresholdForm>(() => formFor(metric, existing));
  const [touched, setTouched] = useState(false);
  const result = validateThresholdForm(metric, form, props.others);
  const set = (change: Partial<ThresholdForm>): void => {
    setForm((f) => ({ ...f, ...change }));
    setTouched(true);
  };
  const relative = form.kind === 'rise' || form.kind === 'fall';
  const replaces =
    !existing &&
    props.others.some(
      (o) => o.level === form.level && o.kind === form.kind && o.component === form.component,
    );
  const problem = (p: FormProblem): string =>
    t(`thresholds.errors.${p.key}`, { ...p.values, interpolation: { escapeValue: false } });

  return (
    <Stack
      gap="xs"
      p="xs"
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}
      data-testid="threshold-form"
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('thresholds.level')}
          value={form.level}
          disabled={!!existing}
          onChange={(e) => set({ level: e.currentTarget.value as ThresholdLevel })}
          data={THRESHOLD_LEVELS.map((l) => ({ value: l, label: t(`category.${l}`) }))}
          data-testid="threshold-level"
        />
        <NativeSelect
          label={t('thresholds.kindLabel')}
          value={form.kind}
          disabled={!!existing}
          onChange={(e) => set({ kind: e.currentTarget.value as ThresholdKind })}
          data={THRESHOLD_KINDS.map((k) => ({ value: k, label: t(`thresholds.kind.${k}`) }))}
          data-testid="threshold-kind"
        />
        {metric === 'blood-pressure' ? (
          <NativeSelect
            label={t('thresholds.component')}
            value={form.component ?? 'systolic'}
            disabled={!!existing}
            onChange={(e) =>
              set({ component: e.currentTarget.value === 'diastolic' ? 'diastolic' : 'systolic' })
            }
            data={(['systolic', 'diastolic'] as const).map((c) => ({
              value: c,
              label: t(`slot.${c}`),
            }))}
            data-testid="threshold-component"
          />
        ) : null}
        <TextInput
          label={relative ? t('thresholds.change') : t('thresholds.limit')}
          value={form.value}
          inputMode="decimal"
          onChange={(e) => set({ value: e.currentTarget.value })}
          w={110}
          data-testid="threshold-value"
        />
        <NativeSelect
          label={t('thresholds.unit')}
          value={form.unit}
          onChange={(e) => set({ unit: e.currentTarget.value as UcumUnit })}
          data={METRICS[metric].units.map((u) => ({ value: u, label: unitLabel(u) }))}
          data-i18n-ignore=""
          data-testid="threshold-unit"
        />
        {relative ? (
          <>
            <TextInput
              label={t('thresholds.windowLabel')}
              value={form.windowValue}
              inputMode="decimal"
              onChange={(e) => set({ windowValue: e.currentTarget.value })}
              w={80}
              data-testid="threshold-window"
            />
            <NativeSelect
              label={t('thresholds.windowUnitLabel')}
              value={form.windowUnit}
              onChange={(e) => set({ windowUnit: e.currentTarget.value as WindowUnit })}
              data={WINDOW_UNITS.map((u) => ({
                value: u,
                label: t(`thresholds.windowUnit.${u}`),
              }))}
              data-testid="threshold-window-unit"
            />
          </>
        ) : null}
      </Group>
      {touched && !result.ok ? (
        <Stack gap={0} data-testid="threshold-errors">
          {result.errors.map((p) => (
            <Text key={p.key} size="xs" c="red">
              {problem(p)}
            </Text>
          ))}
        </Stack>
      ) : null}
      {result.ok && (result.warnings.length > 0 || replaces) ? (
        <Stack gap={0} data-testid="threshold-warnings">
          {result.warnings.map((p) => (
            <Text key={p.key} size="xs" c="orange">
              {problem(p)}
            </Text>
          ))}
          {replaces ? (
            <Text size="xs" c="orange">
              {t('thresholds.errors.replaces')}
            </Text>
          ) : null}
        </Stack>
      ) : null}
      <Group gap="xs">
        <Button
          size="xs"
          disabled={!result.ok}
          loading={props.busy}
          onClick={() => {
            if (result.ok) props.onSave(result.change);
          }}
          data-testid="threshold-save"
        >
          {t('thresholds.save')}
        </Button>
        <Button size="xs" variant="subtle" onClick={props.onCancel} disabled={props.busy}>
          {t('patient.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
