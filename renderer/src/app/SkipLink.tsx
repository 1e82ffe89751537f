import { useTranslation } from 'react-i18next';

/**
 * First focusable element: jumps to the main content. It focuses the element instead of
 * following `#main-content`, because the hash holds the route.
 */
export function SkipLink(props: { targetId: string }) {
  const { t } = useTranslation('common');
  return (
    <a
      href={`#${props.targetId}`}
      className="cw-skip-link"
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(props.targetId)?.focus();
      }}
      style={{
        position: 'absolute',
        left: 8,
        top: -48,
        zIndex: 1000,
        padding: '8px 12px',
        background: 'var(--mantine-color-body)',
        border: '2px solid var(--mantine-primary-color-filled)',
      }}
      onFocus={(e) => (e.currentTarget.style.top = '8px')}
      onBlur={(e) => (e.currentTarget.style.top = '-48px')}
    >
      {t('skip-link')}
    </a>
  );
}
