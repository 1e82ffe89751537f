/**
 * DOM-test setup for the lock: a host whose OS-lock listener the test can fire, an in-memory
 * audit log, a stand-in "patient view", and a render that puts a signed-in session around
 * a {@link LockGate}.
 */
import { Portal } from '@mantine/core';
import { useEffect } from 'react';
import { vi } from 'vitest';
import type { AppConfig, SecuritySettings } from '../../../../shared/config/app-config';
import { render, testHost, testServer, testSession } from '../../../../test/support/render';
import type { FhirApi } from '../../fhir/FhirApi';
import type { SessionInfo } from '../../fhir/FhirProvider';
import { fakeLib, smartConfigDoc } from '../../fhir/test-fakes';
import type { SmartLib } from '../../fhir/smart-lib';
import type { Host } from '../../host/Host';
import { MemoryAuditLog } from '../../host/memory-audit-log';
import { DEFAULT_SECURITY, LockGate, type LockGateProps } from './LockGate';
import { useLock } from './LockContext';

export const PATIENT_NAME = 'Eva Lind';

const unusedApi: FhirApi = {
  serverUrl: testServer.fhirBaseUrl,
  read: () => Promise.reject(new Error('not used')),
  search: () => Promise.reject(new Error('not used')),
  fetchAll: () => Promise.reject(new Error('not used')),
};

/** Answers SMART discovery, as the sandbox does. */
export const discovery: typeof fetch = () => Promise.resolve(Response.json(smartConfigDoc));

export interface LockHost {
  host: Host;
  auditLog: MemoryAuditLog;
  /** Fires the OS lock / suspend as Electron's powerMonitor would. */
  systemLock: (reason: 'lock-screen' | 'suspend') => void;
}

export function lockHost(
  security: Partial<SecuritySettings> = {},
  overrides: Partial<Host> = {},
): LockHost {
  const listeners = new Set<(reason: 'lock-screen' | 'suspend') => void>();
  const auditLog = new MemoryAuditLog();
  const config: AppConfig = {
    servers: [testServer],
    security: { ...DEFAULT_SECURITY, ...security },
  };
  const host = testHost({
    getConfig: () => Promise.resolve(config),
    onSystemLock: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    auditLog,
    ...overrides,
  });
  return {
    host,
    auditLog,
    systemLock: (reason) => {
      for (const listener of listeners) listener(reason);
    },
  };
}

/** Stands for the chart: the patient's name, the Shell's `<main>`, a Mantine portal. */
export function FakePatientView(props: { onMount?: () => void; onUnmount?: () => void }) {
  const { onMount, onUnmount } = props;
  useEffect(() => {
    onMount?.();
    return () => onUnmount?.();
  }, [onMount, onUnmount]);
  return (
    <main id="main-content" tabIndex={-1}>
      <div data-testid="patient-banner">{PATIENT_NAME}</div>
      <Portal>
        <div data-testid="patient-popover">{PATIENT_NAME}, allergies</div>
      </Portal>
    </main>
  );
}

/** A running call's registration, as useCallLockPolicy makes it. */
export function FakeCall() {
  const { registerCall } = useLock();
  useEffect(() => registerCall(), [registerCall]);
  return <div data-testid="call-tile">{PATIENT_NAME} (video)</div>;
}

export interface RenderLockOptions extends Omit<LockGateProps, 'children'> {
  lockHost?: LockHost;
  session?: Partial<SessionInfo>;
  lib?: SmartLib;
  children?: React.ReactNode;
  lng?: string;
}

export function renderLock(options: RenderLockOptions = {}) {
  const lh = options.lockHost ?? lockHost();
  const signOut = vi.fn(() => Promise.resolve());
  const session = testSession({ signOut, ...options.session });
  const lib = options.lib ?? fakeLib();
  const navigate = options.navigate ?? vi.fn();
  const result = render(
    <LockGate
      loadLib={() => Promise.resolve(lib)}
      fetch={options.fetch ?? discovery}
      navigate={navigate}
      pinOptions={options.pinOptions ?? { iterations: 1000 }}
    >
      {options.children ?? <FakePatientView />}
    </LockGate>,
    { host: lh.host, api: unusedApi, session, ...(options.lng ? { lng: options.lng } : {}) },
  );
  return { ...result, ...lh, signOut, session, lib, navigate };
}

/** Whether the patient's name is anywhere in the document (text, not only visible). */
export function patientInDom(): boolean {
  return document.body.textContent.includes(PATIENT_NAME);
}
