/**
 * Medication reconciliation between an imported summary and the local record: one row per
 * medicine — the same, different (and in what), only in the summary, only local — compared by
 * active ingredient, strength and dose form, never by brand (shared/ips/medrec.ts). What cannot
 * be compared says so; nothing is assumed equal.
 */
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CodeableConcept } from 'fhir/r4';
import type { MedicationFacts } from '../../../../shared/ips/medication-facts';
import { reconcileMedications, type MedRecRow } from '../../../../shared/ips/medrec';
import { ConceptTranslation, resolveConcept, type TranslationContext } from './ConceptTranslation';
import { formatValue } from './format-value';

export interface IpsMedRecProps {
  /** The summary's medicines (ipsMedicationFacts). */
  readonly ips: readonly MedicationFacts[];
  /** The local record's current medicines (localMedicationFacts). */
  readonly local: readonly MedicationFacts[];
  readonly ctx: TranslationContext;
}

const KIND_COLOR = { same: 'green', different: 'red', 'only-ips': 'orange', 'only-local': 'blue' };

function conceptText(concept: CodeableConcept | undefined): string | undefined {
  const text = concept?.text?.trim();
  if (text) return text;
  const coding = concept?.coding?.find((c) => c.display?.trim()) ?? concept?.coding?.[0];
  return coding?.display?.trim() || coding?.code;
}

/** The medicine's name as sent: product, else reference display, else its ingredients. */
export function medicineName(m: MedicationFacts): string {
  return (
    conceptText(m.concept) ??
    m.display ??
    m.ingredients
      .map((i) => conceptText(i.concept) ?? i.display)
      .filter(Boolean)
      .join(' + ')
  );
}

/** Ingredient strengths as sent (units kept): "metformin 500 mg / 1 tablet". */
function strengths(m: MedicationFacts): string[] {
  return m.ingredients.flatMap((i) => {
    if (!i.strength) return [];
    const value = formatValue({ type: 'Ratio', ratio: i.strength }) ?? '';
    const name = conceptText(i.concept) ?? i.display;
    return [name ? `${name} ${value}` : value];
  });
}

function Medicine(props: {
  facts: MedicationFacts;
  ctx: TranslationContext;
  translate: boolean;
}): React.JSX.Element {
  const { t } = useTranslation('ips');
  const { facts, ctx } = props;
  const form = conceptText(facts.form);
  const formTranslated = props.translate ? resolveConcept(facts.form, ctx)?.translated : undefined;
  const strength = strengths(facts);
  return (
    <Stack gap={2}>
      {props.translate ? (
        <ConceptTranslation concept={facts.concept} fallbackText={medicineName(facts)} ctx={ctx} />
      ) : (
        <Text size="sm" fw={600} data-i18n-ignore="">
          {medicineName(facts)}
        </Text>
      )}
      <Text size="xs">
        {t('medrec.aspect.strength')}:{' '}
        <span data-i18n-ignore="">
          {strength.length > 0 ? strength.join('; ') : t('medrec.notStated')}
        </span>
      </Text>
      <Text size="xs">
        {t('medrec.aspect.form')}:{' '}
        <span data-i18n-ignore="">
          {form ?? t('medrec.notStated')}
          {formTranslated && formTranslated.display !== form ? ` (${formTranslated.display})` : ''}
        </span>
      </Text>
    </Stack>
  );
}

function Compared({ row }: { row: MedRecRow }): React.JSX.Element {
  const { t } = useTranslation('ips');
  if (row.kind === 'only-ips' || row.kind === 'only-local') {
    return row.comparable ? (
      <span />
    ) : (
      <Text size="xs" c="orange">
        {t('medrec.notComparable')}
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      {(['ingredient', 'strength', 'form'] as const).map((aspect) => (
        <Text
          key={aspect}
          size="xs"
          data-testid="medrec-aspect"
          data-aspect={aspect}
          data-comparison={row.aspects[aspect]}
          c={
            row.aspects[aspect] === 'different'
              ? 'red'
              : row.aspects[aspect] === 'unknown'
                ? 'dimmed'
                : undefined
          }
        >
          {t(`medrec.aspect.${aspect}`)}: {t(`medrec.comparison.${row.aspects[aspect]}`)}
        </Text>
      ))}
      <Text size="xs" c="dimmed">
        {t(`medrec.basis.${row.basis}`)}
      </Text>
    </Stack>
  );
}

export function IpsMedRec({ ips, local, ctx }: IpsMedRecProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const rows = reconcileMedications(ips, local);
  return (
    <Stack gap="xs" data-testid="ips-medrec" component="section" aria-labelledby="ips-medrec-title">
      <Title order={4} id="ips-medrec-title">
        {t('medrec.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('medrec.intro')}
      </Text>
      {rows.length === 0 ? (
        <Text size="sm">{t('medrec.none')}</Text>
      ) : (
        <Table withTableBorder striped verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('medrec.result')}</Table.Th>
              <Table.Th>{t('medrec.ips')}</Table.Th>
              <Table.Th>{t('medrec.local')}</Table.Th>
              <Table.Th>{t('medrec.compared')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => (
              <Table.Tr key={i} data-testid="medrec-row" data-kind={row.kind}>
                <Table.Td>
                  <Badge color={KIND_COLOR[row.kind]} variant="light">
                    {t(`medrec.kind.${row.kind}`)}
                  </Badge>
                  {row.kind === 'different' ? (
                    <Text size="xs" c="red" data-testid="medrec-differs">
                      {row.differs.map((a) => t(`medrec.aspect.${a}`)).join(', ')}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {row.kind === 'only-local' ? null : (
                    <Medicine facts={row.ips} ctx={ctx} translate />
                  )}
                </Table.Td>
                <Table.Td>
                  {row.kind === 'only-ips' ? null : (
                    <Medicine facts={row.local} ctx={ctx} translate={false} />
                  )}
                </Table.Td>
                <Table.Td>
                  <Compared row={row} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
