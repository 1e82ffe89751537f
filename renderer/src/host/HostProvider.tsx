import { createContext, useContext, type ReactNode } from 'react';
import type { Host } from './Host';

const HostContext = createContext<Host | null>(null);

/** Makes the host available to every component below via {@link useHost}. */
export function HostProvider(props: { host: Host; children: ReactNode }) {
  return <HostContext.Provider value={props.host}>{props.children}</HostContext.Provider>;
}

/** The environment (Electron or browser) this renderer runs in. */
export function useHost(): Host {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost() needs a <HostProvider> above it');
  return host;
}
