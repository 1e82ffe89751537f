/**
 * The patient banner on every patient view: who this is, so no one charts on the wrong
 * patient. Sticky at the top; deceased status is a red badge with the date.
 */
import type { Identifier, Patient } from 'fhir/r4';
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  formatCodeableConcept,
  knownSystemLabel,
  systemShortName,
} from '../../../../shared/fhir/codings';
import { ageFromBirthDate, localToday } from '../../../../shared/fhir/dates';
import { formatHumanName } from '../../../../shared/fhir/human-name';
import { Data } from './ChartStates';
import { useFormatDate } from './format';

function primaryLanguage(patient: Patient): { code: string; label: string } | undefined {
  const comms = patient.communication ?? [];
  const chosen = comms.find((c) => c.preferred) ?? comms[0];
  if (!chosen) return undefined;
  const code = chosen.language.coding?.find((c) => c.code)?.code ?? '';
  const label = formatCodeableConcept(chosen.language) || code;
  return label ? { code, label } : undefined;
}

/** A well-known system's short label, else the identifier type, else the system's short form. */
function identifierLabel(id: Identifier): string {
  return (
    knownSystemLabel(id.system) ?? (formatCodeableConcept(id.type) || systemShortName(id.system))
  );
}

function sameLanguage(a: string, b: string): boolean {
  return a.split('-')[0]?.toLowerCase() === b.split('-')[0]?.toLowerCase();
}

export function PatientBanner(props: { patient: Patient }): React.JSX.Element {
  const { t, i18n } = useTranslation('records');
  const formatDate = useFormatDate();
  const p = props.patient;
  const name = formatHumanName(p.name);
  const deceasedDate = p.deceasedDateTime;
  const deceased = p.deceasedBoolean === true || deceasedDate !== undefined;
  const ageOn = deceasedDate ? deceasedDate.slice(0, 10) : localToday();
  const age = p.birthDate ? ageFromBirthDate(p.birthDate, ageOn) : undefined;
  const language = primaryLanguage(p);
  const uiLanguage = i18n.resolvedLanguage ?? i18n.language;
  const showLanguage =
    language !== undefined && !sameLanguage(language.code || language.label, uiLanguage);

  return (
    <Paper
      component="section"
      role="region"
      aria-label={t('banner.label')}
      data-testid="patient-banner"
      withBorder
      p="sm"
      // Below Mantine's fixed AppShell header, which would otherwise cover it when scrolling.
      style={{ position: 'sticky', top: 'var(--app-shell-header-offset, 0px)', zIndex: 20 }}
    >
      <Stack gap={4}>
        <Group gap="sm" align="center">
          <Title order={2} size="h3" data-testid="patient-name">
            {name ? <Data>{name}</Data> : t('banner.unnamed')}
          </Title>
          {deceased ? (
            <Badge color="red" variant="filled" size="lg" data-testid="deceased-badge">
              {deceasedDate
                ? t('banner.deceasedOn', { date: formatDate(deceasedDate) })
                : t('banner.deceased')}
            </Badge>
          ) : null}
        </Group>
        <Group gap="lg">
          <Text size="sm">
            {t('banner.sex')}: {p.gender ? t(`gender.${p.gender}`) : t('banner.notRecorded')}
          </Text>
          <Text size="sm" data-testid="patient-birth">
            {t('banner.born')}:{' '}
            {p.birthDate ? <Data>{formatDate(p.birthDate)}</Data> : t('banner.notRecorded')}
            {age !== undefined
              ? ` (${deceased ? t('banner.ageAtDeath', { count: age }) : t('banner.age', { count: age })})`
              : null}
          </Text>
          {showLanguage ? (
            <Text size="sm" data-testid="patient-language">
              {t('banner.language')}: <Data>{language.label}</Data>
            </Text>
          ) : null}
        </Group>
        {p.identifier && p.identifier.length > 0 ? (
          <Group gap="md" data-testid="patient-identifiers">
            {p.identifier.map((id, i) => (
              <Text size="xs" c="dimmed" key={i}>
                <Data>{identifierLabel(id)}</Data>
                {': '}
                <Data>{id.value ?? ''}</Data>
              </Text>
            ))}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
