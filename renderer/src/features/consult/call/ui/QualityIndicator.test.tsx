// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { render } from '../../../../../../test/support/render';
import { QualityIndicator } from './QualityIndicator';

describe('QualityIndicator', () => {
  it.each([
    [undefined, 'unknown', 'Connection: checking'],
    ['good', 'good', 'Connection: good'],
    ['fair', 'fair', 'Connection: fair'],
    ['poor', 'poor', 'Connection: poor'],
  ] as const)('says %s in words', (quality, level, text) => {
    render(<QualityIndicator quality={quality} videoDropped={false} />);
    const indicator = screen.getByTestId('call-quality');
    expect(indicator).toHaveAttribute('data-level', level);
    expect(indicator).toHaveTextContent(text);
    expect(screen.queryByTestId('video-dropped-note')).not.toBeInTheDocument();
  });

  it('explains when video was dropped to keep audio, in a status region', () => {
    render(<QualityIndicator quality="poor" videoDropped />);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Your video is paused to keep the sound clear.',
    );
  });

  it('speaks German', () => {
    render(<QualityIndicator quality="fair" videoDropped />, { lng: 'de' });
    expect(screen.getByTestId('call-quality')).toHaveTextContent('Verbindung: mittel');
    expect(screen.getByRole('status')).toHaveTextContent('Ihr Video ist pausiert');
  });
});
