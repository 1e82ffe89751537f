// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lockHost, patientInDom, renderLock } from './lock-test-support';
import { PIN_STORAGE_KEY, PinStore } from './pin-store';

const owner = { serverId: 'sandbox', userKey: 'Practitioner/test' };
const PIN = '802417';

beforeEach(async () => {
  window.localStorage.clear();
  window.sessionStorage.clear();
  await new PinStore(window.sessionStorage, owner, { iterations: 1000 }).set(PIN);
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  vi.useRealTimers();
});

async function lockedWithPin(pinUnlock = true) {
  const lh = lockHost({ pinUnlock });
  const rendered = renderLock({ lockHost: lh });
  await screen.findByTestId('patient-banner');
  act(() => lh.systemLock('lock-screen'));
  return { ...rendered, lh };
}

async function enter(user: ReturnType<typeof renderLock>['user'], pin: string) {
  await user.type(screen.getByTestId('lock-pin'), pin);
  await user.click(screen.getByTestId('lock-pin-submit'));
}

describe('unlock with a PIN', () => {
  it('is not offered when the clinic does not allow PINs, even if one was set', async () => {
    await lockedWithPin(false);
    expect(screen.queryByTestId('lock-pin-form')).toBeNull();
    expect(screen.getByTestId('lock-reauth')).toBeInTheDocument();
  });

  it('is not offered before a PIN was set', async () => {
    window.sessionStorage.removeItem(PIN_STORAGE_KEY);
    await lockedWithPin();
    expect(screen.queryByTestId('lock-pin-form')).toBeNull();
  });

  it('the right PIN unlocks; audited as a PIN unlock', async () => {
    const { user, auditLog } = await lockedWithPin();
    await enter(user, PIN);
    expect(await screen.findByTestId('patient-banner')).toBeInTheDocument();
    await waitFor(() =>
      expect(auditLog.entries.map((e) => [e.action, e.detail])).toEqual([
        ['locked', 'lock-screen'],
        ['unlocked', 'pin'],
      ]),
    );
  });

  it('a wrong PIN says how many attempts are left and makes the next one wait', async () => {
    const { user } = await lockedWithPin();
    await enter(user, '111111');
    expect(
      await screen.findByText('Wrong PIN. 4 attempts left, then you are signed out.'),
    ).toBeVisible();
    expect(screen.getByTestId('lock-pin-wait')).toHaveTextContent('Try again in 1 second.');
    expect(screen.getByTestId('lock-pin-submit')).toBeDisabled();
    expect(patientInDom()).toBe(false);

    act(() => {
      vi.advanceTimersByTime(1000);
    });
    await enter(user, PIN);
    expect(await screen.findByTestId('patient-banner')).toBeInTheDocument();
  });

  it('the fifth wrong PIN signs the user out and removes the PIN', async () => {
    // Four wrong attempts already made (before a reload, say): the count is in the record.
    const raw = JSON.parse(window.sessionStorage.getItem(PIN_STORAGE_KEY) ?? '{}') as object;
    window.sessionStorage.setItem(PIN_STORAGE_KEY, JSON.stringify({ ...raw, failures: 4 }));
    const { user, signOut, auditLog } = await lockedWithPin();
    await enter(user, '999999');
    await waitFor(() => expect(signOut).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('lock-pin-message')).toHaveTextContent('Too many wrong PINs');
    expect(window.sessionStorage.getItem(PIN_STORAGE_KEY)).toBeNull();
    expect(patientInDom()).toBe(false);
    await waitFor(() =>
      expect(auditLog.entries.at(-1)).toMatchObject({
        action: 'unlocked',
        outcome: 'failure',
        detail: 'pin-attempts',
      }),
    );
  });
});
