/**
 * Shows a FHIR narrative inside the jail: sanitised HTML in `<iframe sandbox="" srcdoc>`.
 *
 * Height: a sandbox without scripts and without same-origin cannot report its content height,
 * and measuring by rendering the HTML in the app's own DOM would give up the second wall. So the
 * frame starts at a fixed height, can be dragged taller (CSS `resize: vertical` on the wrapper)
 * and has an "Expand"/"Collapse" toggle. The initial height grows with the text length up to a
 * cap, which fits short narratives without scrolling.
 */
import { useMemo, useState } from 'react';
import { Box, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { buildNarrativeSrcdoc } from './narrative-srcdoc';

export interface NarrativeFrameProps {
  /** `Narrative.div` as sent by the server. */
  div: string;
  /** Accessible title of the frame, e.g. "Narrative of Condition Hypertension". */
  title: string;
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

export function NarrativeFrame({ div, title }: NarrativeFrameProps): React.JSX.Element {
  const { t } = useTranslation('records');
  const [expanded, setExpanded] = useState(false);
  const srcDoc = useMemo(() => buildNarrativeSrcdoc(div), [div]);
  const height = expanded ? EXPANDED : estimateHeight(div);
  return (
    <Box data-testid="narrative">
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
          title={title}
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={srcDoc}
          style={{ width: '100%', height: '100%', border: 0, display: 'block' }}
        />
      </Box>
      <Group justify="flex-end" mt={4}>
        <Button
          variant="subtle"
          size="compact-xs"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? t('narrative.collapse') : t('narrative.expand')}
        </Button>
      </Group>
    </Box>
  );
}
