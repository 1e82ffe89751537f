// @vitest-environment jsdom
/** The configuration-problem screen in front of the whole app (App → ConfigGate → AuthGate). */
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig, ConfigProblem } from '../../../../shared/config/app-config';
import { findUntranslated, render, testHost, testServer } from '../../../../test/support/render';
import { mount } from '../../app/app-test-support';
import { ConfigProblemScreen } from './ConfigProblemScreen';
import { SEEN_PROBLEMS_KEY } from './ConfigGate';

const MACHINE = '/etc/clinician-workstation/config.json';
const USER = '/home/a/.config/Clinician Workstation/config.json';

const managedProblem: ConfigProblem = {
  file: { kind: 'managed', path: MACHINE },
  field: 'security.idleLockMinutes',
  message: 'must be a whole number of minutes from 1 to 240',
  blocking: true,
};
const userProblem: ConfigProblem = {
  file: { kind: 'user', path: USER },
  field: 'servers.0.fhirBaseUrl',
  message: 'Invalid URL',
  blocking: false,
};

function hostWith(config: AppConfig) {
  return testHost({ getConfig: () => Promise.resolve(config) });
}

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('ConfigGate', () => {
  it('blocks on a broken clinic file: names file and field, offers no way past', async () => {
    mount(
      hostWith({
        servers: [],
        managed: { path: MACHINE, lockedFields: [] },
        problems: [managedProblem],
      }),
    );
    const problem = await screen.findByTestId('config-problem');
    expect(problem).toHaveAttribute('data-blocking', 'true');
    expect(within(problem).getByRole('heading', { level: 1 })).toHaveTextContent(
      'The clinic configuration has a problem',
    );
    expect(within(problem).getByTestId('config-problem-path')).toHaveTextContent(MACHINE);
    expect(within(problem).getByTestId('config-problem-field')).toHaveTextContent(
      'security.idleLockMinutes',
    );
    expect(problem).toHaveTextContent('your own settings are not used instead');
    expect(screen.queryByTestId('config-problem-continue')).toBeNull();
    expect(screen.queryByTestId('server-picker')).toBeNull();
  });

  it('reports a broken user file, lets the clinician continue, and does not ask again', async () => {
    const host = hostWith({ servers: [testServer], problems: [userProblem] });
    const first = mount(host);
    const problem = await screen.findByTestId('config-problem');
    expect(problem).toHaveAttribute('data-blocking', 'false');
    expect(problem).toHaveTextContent('Your configuration file has a problem');
    expect(problem).toHaveTextContent(USER);
    expect(problem).toHaveTextContent('servers.0.fhirBaseUrl');
    await first.user.click(screen.getByTestId('config-problem-continue'));
    await screen.findByTestId('server-picker');
    expect(sessionStorage.getItem(SEEN_PROBLEMS_KEY)).toContain('servers.0.fhirBaseUrl');
    first.unmount();

    // Back from the SMART redirect (same tab): straight to the app.
    mount(host);
    await screen.findByTestId('server-picker');
    expect(screen.queryByTestId('config-problem')).toBeNull();
  });

  it('goes straight to sign-in without problems', async () => {
    mount(hostWith({ servers: [testServer] }));
    await screen.findByTestId('server-picker');
    expect(screen.queryByTestId('config-problem')).toBeNull();
  });

  it('switches to a clinic language when the current one is not offered', async () => {
    mount(hostWith({ servers: [testServer], languages: ['de'] }));
    await screen.findByTestId('server-picker');
    expect(document.documentElement.lang).toBe('de');
  });

  it('is translated (pseudo-locale) apart from the file, field and validator message', () => {
    render(<ConfigProblemScreen problems={[managedProblem, userProblem]} />, { lng: 'qps' });
    expect(findUntranslated(document.body)).toEqual([]);
    expect(screen.getAllByTestId('config-problem-row')).toHaveLength(2);
  });

  it('says "the whole file" when the file itself is unreadable', () => {
    render(
      <ConfigProblemScreen
        problems={[{ ...managedProblem, field: '(file)', message: 'not valid JSON' }]}
      />,
    );
    expect(screen.getByTestId('config-problem-row')).toHaveTextContent('the whole file');
    expect(screen.queryByTestId('config-problem-field')).toBeNull();
  });
});
