/**
 * Renders the companion page the way start-companion.tsx does, against a
 * {@link FakeCompanionServer}, with a clock and reading ids the test controls. The time zone
 * is pinned (Europe/Berlin) by `pinTimeZone` so dates are checked as a patient there sees them.
 * Not shipped: only tests import this file.
 */
import { MantineProvider } from '@mantine/core';
import { render as rtlRender } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll } from 'vitest';
import { createI18n } from '../../i18n/i18n';
import { createCompanionApi } from './companion-api';
import { CompanionApp } from './CompanionApp';
import { FakeCompanionServer, ORIGIN, TICKET, sequentialIds } from './test-fakes';

/** 07:15 on 2 Nov 2026 in Berlin. */
export const NOW = new Date('2026-11-02T06:15:00Z');

export function pinTimeZone(zone = 'Europe/Berlin'): void {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    process.env.TZ = saved;
  });
}

export interface RenderCompanionOptions {
  lng?: string;
  languageChosen?: boolean;
  server?: FakeCompanionServer;
  /** False: the link had no usable ticket. */
  withTicket?: boolean;
  pollMs?: number;
  clock?: { now: Date };
}

export function renderCompanion(options: RenderCompanionOptions = {}) {
  const server = options.server ?? new FakeCompanionServer();
  const clock = options.clock ?? { now: NOW };
  const i18n = createI18n(options.lng ?? 'en');
  const api =
    options.withTicket === false
      ? undefined
      : createCompanionApi({ ticket: TICKET, origin: ORIGIN, fetch: server.fetch });
  const result = rtlRender(
    <MantineProvider>
      <CompanionApp
        api={api}
        i18n={i18n}
        languageChosen={options.languageChosen ?? true}
        storage={window.sessionStorage}
        now={() => clock.now}
        newId={sequentialIds()}
        pollMs={options.pollMs ?? 60_000}
      />
    </MantineProvider>,
  );
  return { ...result, server, clock, i18n, user: userEvent.setup() };
}
