/**
 * Opens one attachment on request. Text goes into a `<pre>` (React escapes it), images into
 * `<img>` from a `blob:` URL, PDFs into an `<iframe>` from a `blob:` URL with a download link as
 * fallback, HTML through the narrative jail, anything else is offered as a download only.
 */
import { useEffect, useState } from 'react';
import { Alert, Anchor, Box, Button, Code, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FhirApi } from '../../fhir/FhirApi';
import { NarrativeFrame } from '../../ui/narrative/NarrativeFrame';
import { type AttachmentItem, loadAttachment, viewKind } from './attachments';

type ViewState =
  | { status: 'closed' }
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'ready'; url: string; text?: string };

/** Text previews larger than this are cut (the download has everything). */
const TEXT_PREVIEW_LIMIT = 2_000_000;

export function AttachmentViewer(props: {
  item: AttachmentItem;
  fhir: FhirApi;
}): React.JSX.Element {
  const { t } = useTranslation('records');
  const [state, setState] = useState<ViewState>({ status: 'closed' });
  const [attempt, setAttempt] = useState(0);
  const kind = viewKind(props.item.contentType);
  const { item, fhir } = props;

  useEffect(() => {
    if (attempt === 0) return;
    const abort = new AbortController();
    let url: string | undefined;
    (async () => {
      const blob = await loadAttachment(item.attachment, fhir, abort.signal);
      const text =
        kind === 'text' || kind === 'html'
          ? (await blob.text()).slice(0, TEXT_PREVIEW_LIMIT)
          : undefined;
      if (abort.signal.aborted) return;
      url = URL.createObjectURL(blob);
      setState(text === undefined ? { status: 'ready', url } : { status: 'ready', url, text });
    })().catch(() => {
      if (!abort.signal.aborted) setState({ status: 'error' });
    });
    return () => {
      abort.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [attempt, item, fhir, kind]);

  const open = (): void => {
    setState({ status: 'loading' });
    setAttempt((a) => a + 1);
  };

  if (item.location.kind === 'external') {
    // Another server's URL is shown, never fetched: we have no session there, and reading the
    // same `Binary/<id>` from our server would show a different document.
    return (
      <Text size="sm" data-testid="attachment-external">
        {t('documents.external')}{' '}
        <Text span inherit data-i18n-ignore="" style={{ wordBreak: 'break-all' }}>
          {item.location.url}
        </Text>
      </Text>
    );
  }
  if (item.location.kind === 'none') {
    return (
      <Text size="sm" c="dimmed" data-testid="attachment-no-content">
        {t('documents.noContent')}
      </Text>
    );
  }
  if (state.status === 'closed') {
    return (
      <Button
        size="compact-sm"
        variant="light"
        onClick={open}
        aria-label={t('documents.openNamed', { title: item.title })}
      >
        {t('documents.open')}
      </Button>
    );
  }
  if (state.status === 'loading') {
    return (
      <Group gap="xs" data-testid="attachment-loading">
        <Loader size="xs" />
        <Text size="sm">{t('documents.decoding')}</Text>
      </Group>
    );
  }
  if (state.status === 'error') {
    return (
      <Alert color="red" data-testid="attachment-error">
        {t('documents.openFailed')}{' '}
        <Button size="compact-xs" variant="subtle" onClick={open}>
          {t('state.retry')}
        </Button>
      </Alert>
    );
  }
  const download = (
    <Anchor
      href={state.url}
      download={item.title || 'attachment'}
      size="sm"
      data-testid="attachment-download"
    >
      {t('documents.download')}
    </Anchor>
  );
  return (
    <Box data-testid="attachment-view" mt="xs">
      {kind === 'text' ? (
        <Code
          block
          data-i18n-ignore=""
          style={{ maxHeight: 400, overflow: 'auto', whiteSpace: 'pre-wrap' }}
        >
          {state.text}
        </Code>
      ) : null}
      {kind === 'html' ? <NarrativeFrame div={state.text ?? ''} title={item.title} /> : null}
      {kind === 'image' ? (
        <img src={state.url} alt={item.title} style={{ maxWidth: '100%', maxHeight: 600 }} />
      ) : null}
      {kind === 'pdf' ? (
        // An iframe (frame-src blob:) rather than <object>, so the CSP keeps object-src 'none'.
        // The blob was created by us with type application/pdf, so it is never sniffed as HTML.
        <iframe
          src={state.url}
          title={item.title}
          data-testid="attachment-pdf"
          style={{ width: '100%', height: 600, border: 0 }}
        />
      ) : null}
      {kind === 'download' ? <Text size="sm">{t('documents.downloadOnly')}</Text> : null}
      <Group mt={4}>{download}</Group>
    </Box>
  );
}
