/**
 * The list of cached imported summaries: source country, author, document date and when it was
 * imported ("as of"), newest import first, each openable from the encrypted cache — offline too.
 */
import { Alert, Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatFhirDate } from '../../../../shared/fhir/dates';
import { sourceCountry, type IpsCacheListing } from '../../offline/ips-cache';
import { formatAsOf } from '../../offline/format-as-of';
import { intlLocale } from '../records/format';
import { countryLabel, sourceText } from './ips-labels';

export interface ImportedSummariesListProps {
  readonly listing: IpsCacheListing | undefined;
  /** True for the stand-alone IPS screen (documents not attached to a chart). */
  readonly unassigned: boolean;
  readonly openId: string | undefined;
  readonly onOpen: (id: string) => void;
}

export function ImportedSummariesList(props: ImportedSummariesListProps): React.JSX.Element {
  const { t, i18n } = useTranslation('ips');
  const language = i18n.resolvedLanguage ?? i18n.language;
  const locale = intlLocale(language);
  const { listing } = props;
  if (!listing) {
    return (
      <Text size="sm" c="dimmed">
        {t('imported.loading')}
      </Text>
    );
  }
  return (
    <>
      {listing.unreadable > 0 ? (
        <Alert color="yellow" data-testid="imported-unreadable">
          {t('imported.unreadable', { count: listing.unreadable })}
        </Alert>
      ) : null}
      {listing.summaries.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="imported-empty">
          {props.unassigned ? t('imported.emptyUnassigned') : t('imported.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={4} data-testid="imported-summaries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imported.country')}</Table.Th>
                <Table.Th>{t('imported.author')}</Table.Th>
                <Table.Th>{t('imported.documentDate')}</Table.Th>
                <Table.Th>{t('imported.importedAt')}</Table.Th>
                <Table.Th>{t('imported.source')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {listing.summaries.map((s) => (
                <Table.Tr key={s.id} data-testid="imported-summary" data-id={s.id}>
                  <Table.Td data-testid="imported-country">
                    <span data-i18n-ignore="">
                      {countryLabel(sourceCountry(s), language) ?? t('imported.countryUnknown')}
                    </span>
                  </Table.Td>
                  <Table.Td data-testid="imported-author">
                    <span data-i18n-ignore="">
                      {s.authors.length > 0 ? s.authors.join('; ') : t('imported.authorUnknown')}
                    </span>
                  </Table.Td>
                  <Table.Td data-testid="imported-date">
                    <span data-i18n-ignore="">{formatFhirDate(s.documentDate, locale)}</span>
                  </Table.Td>
                  <Table.Td data-testid="imported-at">
                    <span data-i18n-ignore="">{formatAsOf(s.importedAt, language)}</span>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{sourceText(t, s.source)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant={props.openId === s.id ? 'filled' : 'light'}
                      data-testid="imported-open"
                      aria-pressed={props.openId === s.id}
                      onClick={() => props.onOpen(s.id)}
                    >
                      {t('imported.open')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
