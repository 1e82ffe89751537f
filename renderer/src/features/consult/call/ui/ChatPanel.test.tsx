// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../../../../../test/support/render';
import { ChatPanel } from './ChatPanel';
import { chatMessage } from './test-fakes';

describe('ChatPanel', () => {
  it('is disabled with a reason while nobody is connected', () => {
    render(<ChatPanel messages={[]} canSend={false} onSend={vi.fn()} />);
    const input = screen.getByRole('textbox', { name: 'Message' });
    expect(input).toBeDisabled();
    expect(input).toHaveAccessibleDescription(
      'You can send messages once someone else is connected.',
    );
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(screen.getByText('No messages yet.')).toBeInTheDocument();
  });

  it('sends with Enter and clears the input', async () => {
    const onSend = vi.fn(() => true);
    const { user } = render(<ChatPanel messages={[]} canSend onSend={onSend} />);
    const input = screen.getByRole('textbox', { name: 'Message' });
    await user.type(input, 'I can hear you{Enter}');
    expect(onSend).toHaveBeenCalledWith('I can hear you');
    expect(input).toHaveValue('');
    await user.type(input, '   {Enter}');
    expect(onSend).toHaveBeenCalledOnce();
  });

  it('keeps the text and says so when a message could not be sent', async () => {
    const { user } = render(<ChatPanel messages={[]} canSend onSend={() => false} />);
    const input = screen.getByRole('textbox', { name: 'Message' });
    await user.type(input, 'hello');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Not sent: nobody is connected.');
    expect(input).toHaveValue('hello');
  });

  it('shows mine and theirs with sender, and announces new messages from others', () => {
    const theirs = chatMessage({ id: 'a', text: 'Good morning' });
    const mine = chatMessage({ id: 'b', text: 'Morning!', mine: true, fromName: 'Anna' });
    const { rerender } = render(<ChatPanel messages={[theirs, mine]} canSend onSend={vi.fn()} />);
    const [first, second] = screen.getAllByTestId('chat-message');
    if (!first || !second) throw new Error('two messages expected');
    expect(first).toHaveAttribute('data-mine', 'false');
    expect(within(first).getByTestId('chat-sender')).toHaveTextContent('Dr. Weber');
    expect(first).toHaveTextContent('Good morning');
    expect(first.querySelector('time')).toHaveAttribute('dateTime', '2025-01-01T10:42:00.000Z');
    expect(second).toHaveAttribute('data-mine', 'true');
    expect(second).toHaveTextContent('You');
    const announcer = screen.getByTestId('chat-announcer');
    expect(announcer).toHaveAttribute('aria-live', 'polite');
    rerender(
      <ChatPanel
        messages={[theirs, mine, chatMessage({ id: 'c', text: 'Can you see me?' })]}
        canSend
        onSend={vi.fn()}
      />,
    );
    expect(announcer).toHaveTextContent('Message from Dr. Weber: Can you see me?');
    rerender(
      <ChatPanel
        messages={[
          theirs,
          mine,
          chatMessage({ id: 'c', text: 'Can you see me?' }),
          chatMessage({ id: 'd', text: 'Yes', mine: true }),
        ]}
        canSend
        onSend={vi.fn()}
      />,
    );
    // My own message is not read back to me.
    expect(announcer).toHaveTextContent('Message from Dr. Weber: Can you see me?');
  });

  it('speaks German', () => {
    render(<ChatPanel messages={[]} canSend={false} onSend={vi.fn()} />, { lng: 'de' });
    expect(screen.getByRole('textbox', { name: 'Nachricht' })).toHaveAccessibleDescription(
      'Sie können Nachrichten senden, sobald jemand anderes verbunden ist.',
    );
  });
});
