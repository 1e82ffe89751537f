// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../../features/records/test-utils';
import { NARRATIVE_CSP } from './narrative-srcdoc';
import { NarrativeFrame } from './NarrativeFrame';

describe('NarrativeFrame', () => {
  it('renders a sandboxed iframe without scripts or same-origin, with the CSP meta', () => {
    renderWithProviders(
      <NarrativeFrame
        div={
          '<div><p>Safe</p><img src="x" onerror="top.__xss=1"/><script>top.__xss=2</script></div>'
        }
        title="Narrative of test"
      />,
    );
    const frame = screen.getByTitle('Narrative of test');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('sandbox')).toBe('');
    const srcdoc = frame.getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${NARRATIVE_CSP}">`,
    );
    expect(srcdoc).toContain('<p>Safe</p>');
    expect(srcdoc).not.toMatch(/onerror|<script/i);
    expect((window as unknown as { __xss?: unknown }).__xss).toBeUndefined();
  });

  it('can be expanded and collapsed', async () => {
    renderWithProviders(<NarrativeFrame div="<div>x</div>" title="t" />);
    const button = screen.getByRole('button', { name: 'Expand' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(button);
    expect(screen.getByRole('button', { name: 'Collapse' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });
});
