// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { findUntranslated, render } from '../../../../../../test/support/render';
import { CallView } from './CallView';
import {
  chatMessage,
  fakeDevice,
  fakeMediaDevices,
  fakeStream,
  FakeCallSession,
  participant,
  peerView,
} from './test-fakes';

const self = participant({ id: 'patient-1234', role: 'patient', name: 'Anna Schmidt' });

function inCall(): { session: FakeCallSession; local: MediaStream } {
  const local = fakeStream();
  const session = new FakeCallSession(local);
  session.set({ phase: 'in-call', signaling: 'open', self, participants: [self] });
  return { session, local };
}

describe('CallView', () => {
  it('shows the local preview and one tile per peer', () => {
    const { session, local } = inCall();
    session.set({
      peers: [
        peerView({ framesDecoded: 7 }),
        peerView({
          participant: participant({ id: 'interp-1234', role: 'interpreter', name: 'Ines' }),
          connection: 'connecting',
        }),
      ],
    });
    render(<CallView session={session} localStream={local} />);
    const view = screen.getByTestId('call-view');
    const tiles = within(view).getAllByTestId('video-tile');
    expect(tiles).toHaveLength(3);
    expect(tiles[0]).toHaveAttribute('data-local', 'true');
    expect(tiles[0]).toHaveTextContent('Anna Schmidt (you)');
    expect(tiles[1]).toHaveAttribute('data-frames-decoded', '7');
    expect(tiles[1]).toHaveTextContent('Dr. Weber');
    expect(tiles[1]).toHaveTextContent('Clinician');
    expect(tiles[2]).toHaveAttribute('data-connection', 'connecting');
    expect(tiles[2]).toHaveTextContent('Interpreter');
  });

  it('mutes, turns the camera off and announces it', async () => {
    const { session, local } = inCall();
    session.set({ peers: [peerView()] });
    const { user } = render(<CallView session={session} localStream={local} />);
    await user.click(screen.getByRole('button', { name: 'Microphone', pressed: true }));
    expect(session.called('setMic')).toEqual([[false]]);
    expect(screen.getByTestId('call-announcer')).toHaveTextContent('Microphone muted');
    await user.click(screen.getByRole('button', { name: 'Camera', pressed: true }));
    expect(screen.getByTestId('call-announcer')).toHaveTextContent('Camera off');
    expect(screen.getAllByTestId('video-tile')[0]).toHaveAttribute('data-video', 'off');
  });

  it('announces a lost connection and its return', () => {
    const { session, local } = inCall();
    session.set({ peers: [peerView()] });
    render(<CallView session={session} localStream={local} />);
    act(() => session.set({ peers: [peerView({ connection: 'reconnecting' })] }));
    expect(screen.getByTestId('call-announcer')).toHaveTextContent(
      'Connection lost — reconnecting',
    );
    act(() => session.set({ peers: [peerView({ connection: 'connected' })] }));
    expect(screen.getByTestId('call-announcer')).toHaveTextContent('Reconnected');
  });

  it('chat waits for someone to connect, then sends with Enter', async () => {
    const { session, local } = inCall();
    const { user } = render(<CallView session={session} localStream={local} />);
    expect(screen.getByText('Waiting for the others to connect…')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    act(() => session.set({ peers: [peerView()] }));
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello doctor{Enter}');
    expect(session.called('sendChat')).toEqual([['Hello doctor']]);
    expect(screen.getByTestId('chat-message')).toHaveAttribute('data-mine', 'true');
    act(() => session.set({ chat: [...session.getSnapshot().chat, chatMessage({ text: 'Hi!' })] }));
    expect(screen.getByTestId('chat-announcer')).toHaveTextContent('Message from Dr. Weber: Hi!');
  });

  it('leaves through the session, or through onLeave when given', async () => {
    const { session, local } = inCall();
    const { user, rerender } = render(<CallView session={session} localStream={local} />);
    await user.click(screen.getByRole('button', { name: 'Leave' }));
    expect(session.called('leave')).toHaveLength(1);
    const onLeave = vi.fn();
    rerender(<CallView session={session} localStream={local} onLeave={onLeave} />);
    await user.click(screen.getByRole('button', { name: 'Leave' }));
    expect(onLeave).toHaveBeenCalledOnce();
    expect(session.called('leave')).toHaveLength(1);
  });

  it('shares the screen when offered, and says when it could not start', async () => {
    const { session, local } = inCall();
    const display = fakeStream(['video']);
    const getDisplayMedia = vi
      .fn<() => Promise<MediaStream>>()
      .mockResolvedValueOnce(display)
      .mockRejectedValueOnce(new DOMException('cancelled', 'NotAllowedError'));
    const { user } = render(
      <CallView session={session} localStream={local} getDisplayMedia={getDisplayMedia} />,
    );
    await user.click(screen.getByRole('button', { name: 'Share screen', pressed: false }));
    expect(session.called('startScreenShare')).toEqual([[display]]);
    // The call screen renders session changes as a transition: it follows a moment later.
    await user.click(await screen.findByRole('button', { name: 'Share screen', pressed: true }));
    expect(session.called('stopScreenShare')).toHaveLength(1);
    await user.click(await screen.findByRole('button', { name: 'Share screen', pressed: false }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Screen sharing could not start.');
  });

  it('shows quality and the video fallback note', () => {
    const { session, local } = inCall();
    session.set({ peers: [peerView({ quality: 'poor' })], quality: 'poor', videoDropped: true });
    render(<CallView session={session} localStream={local} />);
    expect(screen.getByTestId('call-quality')).toHaveAttribute('data-level', 'poor');
    expect(screen.getByTestId('video-dropped-note')).toBeInTheDocument();
    expect(screen.getAllByTestId('video-tile')[0]).toHaveAttribute('data-video', 'paused');
  });

  it('routes every string through i18n (pseudo-locale)', async () => {
    const { session, local } = inCall();
    session.set({
      peers: [peerView({ quality: 'fair', remoteVideoDropped: true })],
      quality: 'fair',
      videoDropped: true,
      chat: [chatMessage(), chatMessage({ mine: true, text: 'Hi' })],
    });
    render(
      <CallView
        session={session}
        localStream={fakeStream(['audio'])}
        getDisplayMedia={() => Promise.resolve(local)}
        onDeviceChange={vi.fn()}
        mediaDevices={fakeMediaDevices([fakeDevice('videoinput', 'c1', 'HD Webcam')])}
      />,
      { lng: 'qps' },
    );
    await screen.findByTestId('device-picker');
    act(() => session.setMic(false));
    expect(findUntranslated(document.body)).toEqual([]);
  });
});
