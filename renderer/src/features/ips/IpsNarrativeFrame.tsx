/**
 * A section's narrative in the jail, with the row an entry links to highlighted, and beside it
 * the list of linked rows: the way back from the narrative to the entries (a click inside the
 * sandboxed frame cannot reach the app, by design). The frame itself is the jail's frame: same
 * empty sandbox, no referrer, srcdoc built by the jail (plus one highlight rule).
 */
import { useMemo, useState } from 'react';
import { Box, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NarrativeLink } from '../../../../shared/ips/narrative-links';
import { highlightedSrcdoc } from './narrative-highlight';
import { narrativeTexts } from './safe-narrative';

export interface IpsNarrativeFrameProps {
  readonly div: string;
  readonly title: string;
  /** Dotted section path, to find the frame when an entry asks for its row. */
  readonly sectionKey: string;
  /** Links into this narrative, in any order. */
  readonly links: readonly NarrativeLink[];
  /** The element to highlight (an active link's element in this narrative). */
  readonly highlightId: string | undefined;
  /** A linked row was chosen: show its entry. */
  readonly onRow: (link: NarrativeLink) => void;
}

const MIN_HEIGHT = 120;

function estimateHeight(div: string): number {
  const rows = (div.match(/<(?:tr|p|li|br|h\d|div)\b/gi) ?? []).length;
  return Math.max(MIN_HEIGHT, Math.min(320, 40 + rows * 28));
}

export function IpsNarrativeFrame(props: IpsNarrativeFrameProps): React.JSX.Element {
  const { t } = useTranslation('ips');
  const [expanded, setExpanded] = useState(false);
  const { div, links, highlightId } = props;
  const srcDoc = useMemo(() => highlightedSrcdoc(div, highlightId), [div, highlightId]);
  // Row labels in narrative order; only computed when the narrative has links.
  const rows = useMemo(() => {
    if (links.length === 0) return [];
    const texts = narrativeTexts(div);
    const order = [...texts.keys()];
    const position = (id: string): number => {
      const i = order.indexOf(id);
      return i === -1 ? order.length : i;
    };
    return [...links]
      .sort((a, b) => position(a.elementId) - position(b.elementId) || a.entryIndex - b.entryIndex)
      .map((link) => ({ link, text: texts.get(link.elementId) ?? link.elementId }));
  }, [div, links]);
  return (
    <Stack gap={4} data-testid="narrative" data-ips-narrative-section={props.sectionKey}>
      <Box
        style={{
          resize: 'vertical',
          overflow: 'hidden',
          height: expanded ? 720 : estimateHeight(div),
          minHeight: MIN_HEIGHT,
          border: '1px solid var(--mantine-color-gray-4)',
          borderRadius: 4,
        }}
      >
        <iframe
          data-testid="narrative-frame"
          data-highlight={highlightId ?? ''}
          title={props.title}
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={srcDoc}
          style={{ width: '100%', height: '100%', border: 0, display: 'block' }}
        />
      </Box>
      <Group justify="flex-end" data-ips-no-print="">
        <Button
          variant="subtle"
          size="compact-xs"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? t('narrative.collapse') : t('narrative.expand')}
        </Button>
      </Group>
      {rows.length > 0 ? (
        <Box data-ips-no-print="">
          <Text size="xs" c="dimmed" id={`linked-rows-${props.sectionKey}`}>
            {t('links.rowsTitle')}
          </Text>
          <Stack gap={2} role="list" aria-labelledby={`linked-rows-${props.sectionKey}`}>
            {rows.map(({ link, text }) => {
              const active = highlightId === link.elementId;
              return (
                <Box role="listitem" key={`${link.elementId}@${String(link.entryIndex)}`}>
                  <Button
                    variant={active ? 'light' : 'subtle'}
                    size="compact-xs"
                    data-testid="narrative-row-link"
                    data-element-id={link.elementId}
                    aria-pressed={active}
                    title={t('links.showEntry')}
                    onClick={() => props.onRow(link)}
                    styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
                  >
                    <span data-i18n-ignore="">{text || link.elementId}</span>
                  </Button>
                </Box>
              );
            })}
          </Stack>
        </Box>
      ) : null}
    </Stack>
  );
}
