/**
 * One setting on the Settings screen: its label, its value, and — when the clinic's
 * machine-wide file fixes it — a lock and "Set by your clinic (path)", so nobody wonders why
 * a value cannot be changed here.
 */
import { Box, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManagedInfo } from '../../../../shared/config/app-config';
import { isLocked } from '../../../../shared/config/managed-config';

export interface SettingRowProps {
  label: string;
  /** Dotted configuration path (`security.idleLockMinutes`), checked against the locks. */
  field: string;
  managed: ManagedInfo | undefined;
  /** The id of the input that edits it: the label then names that input. */
  labelFor?: string | undefined;
  children: ReactNode;
}

/** The id of a setting's label (`<dt>`), for inputs that are groups (`aria-labelledby`). */
export function settingLabelId(field: string): string {
  return `setting-label-${field.replace('.', '-')}`;
}

/** The padlock shown next to a clinic-set value; decorative, the text says it. */
export function LockIcon() {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
    >
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

/** "Set by your clinic (path)" with the padlock. */
export function LockedNote(props: { path: string }) {
  const { t } = useTranslation('settings');
  return (
    <Group gap={4} wrap="nowrap" c="dimmed" data-testid="locked-note">
      <LockIcon />
      <Text size="xs">{t('locked', { path: props.path })}</Text>
    </Group>
  );
}

/** A `<dt>`/`<dd>` pair inside the section's `<dl>`. */
export function SettingRow(props: SettingRowProps) {
  const locked = isLocked(props.managed, props.field);
  return (
    <Box
      py="xs"
      data-testid={`setting-${props.field}`}
      data-locked={locked ? 'true' : 'false'}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Text component="dt" fw={500} size="sm" id={settingLabelId(props.field)}>
        {props.labelFor ? <label htmlFor={props.labelFor}>{props.label}</label> : props.label}
      </Text>
      <Box component="dd" m={0} mt={4}>
        {props.children}
        {locked && props.managed ? <LockedNote path={props.managed.path} /> : null}
      </Box>
    </Box>
  );
}

/** A setting's value as text; data (URLs, numbers) is not UI text and is marked so. */
export function Value(props: { children: ReactNode; data?: boolean }) {
  return (
    <Text size="sm" {...(props.data ? { 'data-i18n-ignore': true, ff: 'monospace' } : {})}>
      {props.children}
    </Text>
  );
}
