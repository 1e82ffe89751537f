/**
 * Shows a FHIR narrative inside the jail: sanitised HTML in `<iframe sandbox="" srcdoc>`.
 * The one place that markup is built — records, attachments and imported summaries all use it.
 *
 * Height: a sandbox without scripts and without same-origin cannot report its content height,
 * and measuring by rendering the HTML in the app's own DOM would give up the second wall. So the
 * frame starts at a fixed height, can be dragged taller (CSS `resize: vertical` on the wrapper)
 * and has an "Expand"/"Collapse" toggle. The initial height grows with the text length up to a
 * cap, which fits short narratives without scrolling.
 *
 * Links between the narrative and things outside it (an IPS entry and the row it was written
 * from): a click inside the frame cannot reach the app, by design. So the way in is a
 * highlight — a CSS rule in the frame's own document (narrative-highlight.ts) — and the way out
 * is a list of the linked rows beside the frame, as ordinary buttons the keyboard reaches.
 * Controls carry `data-narrative-controls` so print styles can leave them out.
 */
import { useId, useMemo, useState } from 'react';
import { Box, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { highlightedSrcdoc } from './narrative-highlight';
import { narrativeTexts } from './safe-narrative';

/** An element of the narrative (by its `id`) that something outside the frame links to. */
export interface NarrativeRowLink {
  /** The element's id as written in the narrative. */
  readonly elementId: string;
}

/** The linked rows listed beside the frame. */
export interface NarrativeRowLinks<L extends NarrativeRowLink> {
  /**
   * The links, in any order: listed in narrative order, and links to the same element in the
   * order given here.
   */
  readonly links: readonly L[];
  /** A listed row was chosen (click, Enter or Space). */
  readonly onFollow: (link: L) => void;
  /** Heading of the list (already translated), e.g. "Narrative rows linked to entries". */
  readonly heading: string;
  /** Tooltip of each row button (already translated), e.g. "Show the linked entry". */
  readonly buttonTitle: string;
}

export interface NarrativeFrameProps<L extends NarrativeRowLink = NarrativeRowLink> {
  /** `Narrative.div` as sent by the server. */
  readonly div: string;
  /** Accessible title of the frame, e.g. "Narrative of Condition Hypertension". */
  readonly title: string;
  /** Id of the element to highlight (kept in view at the frame's edges); none when undefined. */
  readonly highlightId?: string | undefined;
  /** Rows of this narrative that link elsewhere; without them no list is shown. */
  readonly rowLinks?: NarrativeRowLinks<L> | undefined;
}

const MIN_HEIGHT = 120;
const COLLAPSED_MAX = 320;
const EXPANDED = 720;

/** Rough height from the amount of text and rows: no DOM measuring of untrusted HTML. */
function estimateHeight(div: string): number {
  const text = div.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').length;
  const rows = (div.match(/<(?:tr|p|li|br|h\d|div)\b/gi) ?? []).length;
  return Math.max(MIN_HEIGHT, Math.min(COLLAPSED_MAX, 40 + rows * 28 + (text / 90) * 22));
}

/**
 * The links in narrative order, each labelled with its row's own text (the element id when the
 * row has none, or when the sanitiser removed the id). Array sort is stable, so links to one
 * element keep the caller's order.
 */
function orderedRows<L extends NarrativeRowLink>(
  div: string,
  links: readonly L[],
): { link: L; text: string; key: string }[] {
  if (links.length === 0) return [];
  const texts = narrativeTexts(div);
  const order = [...texts.keys()];
  const position = (id: string): number => {
    const i = order.indexOf(id);
    return i === -1 ? order.length : i;
  };
  return links
    .map((link, i) => ({
      link,
      text: texts.get(link.elementId) ?? '',
      key: `${link.elementId}@${String(i)}`,
    }))
    .sort((a, b) => position(a.link.elementId) - position(b.link.elementId))
    .map((row) => ({ ...row, text: row.text || row.link.elementId }));
}

export function NarrativeFrame<L extends NarrativeRowLink>(
  props: NarrativeFrameProps<L>,
): React.JSX.Element {
  const { div, title, highlightId, rowLinks } = props;
  const { t } = useTranslation('records');
  const [expanded, setExpanded] = useState(false);
  const headingId = useId();
  const srcDoc = useMemo(() => highlightedSrcdoc(div, highlightId), [div, highlightId]);
  const links = rowLinks?.links;
  const rows = useMemo(() => (links ? orderedRows(div, links) : []), [div, links]);
  const height = expanded ? EXPANDED : estimateHeight(div);
  return (
    <Stack gap={4} data-testid="narrative">
      <Box
        style={{
          resize: 'vertical',
          overflow: 'hidden',
          height,
          minHeight: MIN_HEIGHT,
          border: '1px solid var(--mantine-color-gray-4)',
          borderRadius: 4,
        }}
      >
        <iframe
          data-testid="narrative-frame"
          data-highlight={highlightId ?? ''}
          title={title}
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={srcDoc}
          style={{ width: '100%', height: '100%', border: 0, display: 'block' }}
        />
      </Box>
      <Group justify="flex-end" data-narrative-controls="">
        <Button
          variant="subtle"
          size="compact-xs"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? t('narrative.collapse') : t('narrative.expand')}
        </Button>
      </Group>
      {rowLinks && rows.length > 0 ? (
        <Box data-narrative-controls="">
          <Text size="xs" c="dimmed" id={headingId}>
            {rowLinks.heading}
          </Text>
          <Stack gap={2} role="list" aria-labelledby={headingId}>
            {rows.map(({ link, text, key }) => {
              const active = highlightId === link.elementId;
              return (
                <Box role="listitem" key={key}>
                  <Button
                    variant={active ? 'light' : 'subtle'}
                    size="compact-xs"
                    data-testid="narrative-row-link"
                    data-element-id={link.elementId}
                    aria-pressed={active}
                    title={rowLinks.buttonTitle}
                    onClick={() => rowLinks.onFollow(link)}
                    styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
                  >
                    <span data-i18n-ignore="">{text}</span>
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
