/**
 * The preload (built to out/preload/index.cjs, CommonJS because sandboxed preloads cannot be
 * ES modules). It exposes exactly `window.workstation` and nothing else; zod and shared/ are
 * bundled in because a sandboxed preload can only `require('electron')`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('workstation', createBridge(ipcRenderer));
