// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { render } from '../../../../../../test/support/render';
import { fakeStream } from './test-fakes';
import { VideoTile } from './VideoTile';

function videoOf(tile: HTMLElement): HTMLVideoElement {
  const video = tile.querySelector('video');
  if (!video) throw new Error('no <video> in the tile');
  return video;
}

describe('VideoTile', () => {
  it('shows a remote participant with name, role and connection data', () => {
    const stream = fakeStream();
    render(
      <VideoTile
        stream={stream}
        name="Dr. Weber"
        role="host"
        participantId="host-123456"
        connection="connected"
        framesDecoded={42}
        videoOn
      />,
    );
    const tile = screen.getByTestId('video-tile');
    expect(tile).toHaveAttribute('data-participant-id', 'host-123456');
    expect(tile).toHaveAttribute('data-frames-decoded', '42');
    expect(tile).toHaveAttribute('data-connection', 'connected');
    expect(within(tile).getByTestId('tile-name')).toHaveTextContent('Dr. Weber');
    expect(within(tile).getByTestId('tile-role')).toHaveTextContent('Clinician');
    expect(screen.getByRole('figure', { name: 'Video: Dr. Weber' })).toBe(tile);
    const video = videoOf(tile);
    expect(video.srcObject).toBe(stream);
    expect(video.autoplay).toBe(true);
    expect(video.muted).toBe(false);
    expect(video).toHaveAttribute('playsinline');
    expect(screen.queryByTestId('video-placeholder')).not.toBeInTheDocument();
  });

  it('mutes and labels the local preview, and says when the camera is off', () => {
    render(
      <VideoTile local stream={fakeStream(['audio'])} name="Anna" role="patient" videoOn={false} />,
    );
    const tile = screen.getByTestId('video-tile');
    expect(videoOf(tile).muted).toBe(true);
    expect(tile).not.toHaveAttribute('data-frames-decoded');
    expect(within(tile).getByTestId('tile-name')).toHaveTextContent('Anna (you)');
    expect(within(tile).getByTestId('tile-role')).toHaveTextContent('Patient');
    expect(screen.getByTestId('video-placeholder')).toHaveTextContent('Camera off');
  });

  it('says when video is paused to keep audio, and when a peer is reconnecting', () => {
    const { rerender } = render(
      <VideoTile stream={fakeStream()} name="Dr. Weber" role="host" videoOn videoPaused />,
    );
    expect(screen.getByTestId('video-placeholder')).toHaveTextContent('Video paused to keep audio');
    rerender(
      <VideoTile
        stream={fakeStream()}
        name="Dr. Weber"
        role="host"
        videoOn
        connection="reconnecting"
      />,
    );
    expect(screen.getByTestId('video-placeholder')).toHaveTextContent('Reconnecting…');
    expect(screen.getByTestId('video-tile')).toHaveAttribute('data-connection', 'reconnecting');
  });

  it('binds a new stream when the stream changes', () => {
    const first = fakeStream();
    const second = fakeStream();
    const { rerender } = render(<VideoTile stream={first} name="A" role="host" videoOn />);
    const video = videoOf(screen.getByTestId('video-tile'));
    expect(video.srcObject).toBe(first);
    rerender(<VideoTile stream={second} name="A" role="host" videoOn />);
    expect(video.srcObject).toBe(second);
  });

  it('speaks German', () => {
    render(<VideoTile local stream={undefined} name={undefined} role="patient" videoOn={false} />, {
      lng: 'de',
    });
    expect(screen.getByTestId('tile-name')).toHaveTextContent('Sie');
    expect(screen.getByTestId('video-placeholder')).toHaveTextContent('Kamera aus');
  });
});
