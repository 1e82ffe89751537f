/**
 * Renderer entry: picks the host (Electron bridge or plain browser) and mounts the app.
 */
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { pickHost } from './host/pickHost';
import { registerShellCache } from './host/shell-cache';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks <div id="root">');

const host = pickHost(window);
void registerShellCache(host);

createRoot(root).render(
  <StrictMode>
    <MantineProvider>
      <App host={host} />
    </MantineProvider>
  </StrictMode>,
);
