// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../../../../../test/support/render';
import { CallControls, type CallControlsProps } from './CallControls';
import { fakeDevice, fakeMediaDevices } from './test-fakes';

function props(overrides: Partial<CallControlsProps> = {}): CallControlsProps {
  return {
    micOn: true,
    camOn: true,
    hasMic: true,
    hasCam: true,
    connection: 'connected',
    onMicChange: vi.fn(),
    onCamChange: vi.fn(),
    onLeave: vi.fn(),
    ...overrides,
  };
}

describe('CallControls', () => {
  it('toggles report their state with aria-pressed and call back', async () => {
    const p = props();
    const { user } = render(<CallControls {...p} />);
    const mic = screen.getByRole('button', { name: 'Microphone', pressed: true });
    const cam = screen.getByRole('button', { name: 'Camera', pressed: true });
    await user.click(mic);
    expect(p.onMicChange).toHaveBeenCalledWith(false);
    await user.click(cam);
    expect(p.onCamChange).toHaveBeenCalledWith(false);
    await user.click(screen.getByRole('button', { name: 'Leave' }));
    expect(p.onLeave).toHaveBeenCalledOnce();
  });

  it('announces each change politely, and nothing at first', () => {
    const p = props();
    const { rerender } = render(<CallControls {...p} />);
    const announcer = screen.getByTestId('call-announcer');
    expect(announcer).toHaveAttribute('aria-live', 'polite');
    expect(announcer).toHaveTextContent('');
    rerender(<CallControls {...p} micOn={false} />);
    expect(announcer).toHaveTextContent('Microphone muted');
    expect(screen.getByRole('button', { name: 'Microphone' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    rerender(<CallControls {...p} micOn={false} camOn={false} />);
    expect(announcer).toHaveTextContent('Camera off');
    rerender(<CallControls {...p} micOn={false} camOn />);
    expect(announcer).toHaveTextContent('Camera on');
    rerender(<CallControls {...p} micOn={false} connection="reconnecting" />);
    expect(announcer).toHaveTextContent('Connection lost — reconnecting');
    rerender(<CallControls {...p} micOn={false} connection="connected" />);
    expect(announcer).toHaveTextContent('Reconnected');
  });

  it('disables a toggle without a device and says why', () => {
    render(<CallControls {...props({ hasCam: false, camOn: false })} />);
    const cam = screen.getByRole('button', { name: 'Camera' });
    expect(cam).toBeDisabled();
    expect(cam).toHaveAccessibleDescription('No camera in use');
  });

  it('shows screen sharing only when it is offered', async () => {
    const { rerender, user } = render(<CallControls {...props()} />);
    expect(screen.queryByRole('button', { name: 'Share screen' })).not.toBeInTheDocument();
    const onToggle = vi.fn();
    rerender(<CallControls {...props()} screenShare={{ sharing: false, onToggle }} />);
    const share = screen.getByRole('button', { name: 'Share screen', pressed: false });
    await user.click(share);
    expect(onToggle).toHaveBeenCalledOnce();
    rerender(<CallControls {...props()} screenShare={{ sharing: true, onToggle }} />);
    expect(screen.getByRole('button', { name: 'Share screen' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByTestId('call-announcer')).toHaveTextContent('You are sharing your screen');
  });

  it('lists cameras and microphones and reports a choice', async () => {
    const onDeviceChange = vi.fn();
    const { user } = render(
      <CallControls
        {...props()}
        onDeviceChange={onDeviceChange}
        selectedDevices={{ videoinput: 'cam-2' }}
        mediaDevices={fakeMediaDevices([
          fakeDevice('videoinput', 'cam-1', 'Front camera'),
          fakeDevice('videoinput', 'cam-2', 'Back camera'),
          fakeDevice('audioinput', 'mic-1', ''),
          fakeDevice('audiooutput', 'spk-1', 'Speaker'),
        ])}
      />,
    );
    const camera = await screen.findByRole('combobox', { name: 'Camera' });
    expect(camera).toHaveValue('cam-2');
    const microphone = screen.getByRole('combobox', { name: 'Microphone' });
    expect(microphone).toHaveTextContent('Microphone 1');
    expect(screen.queryByRole('option', { name: 'Speaker' })).not.toBeInTheDocument();
    await user.selectOptions(camera, 'cam-1');
    expect(onDeviceChange).toHaveBeenCalledWith('videoinput', 'cam-1');
  });

  it('speaks German', () => {
    render(<CallControls {...props()} />, { lng: 'de' });
    expect(screen.getByRole('button', { name: 'Mikrofon' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Verlassen' })).toBeInTheDocument();
  });
});
