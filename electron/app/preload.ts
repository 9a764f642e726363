/**
 * The preload of the workbench window (sandboxed: only `contextBridge` and `ipcRenderer`). It puts
 * one bridge on `window.workbench` and nothing else; the main process checks every call.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { WorkbenchBridge } from '../../shared/api/client';
import { WORKBENCH_CALL_CHANNEL, WORKBENCH_NOTIFY_CHANNEL } from './ipcChannel';

const bridge: WorkbenchBridge = {
  transport: 'electron',
  call: (name, input) => ipcRenderer.invoke(WORKBENCH_CALL_CHANNEL, name, input),
  notify: (notification) => ipcRenderer.invoke(WORKBENCH_NOTIFY_CHANNEL, notification),
};

contextBridge.exposeInMainWorld('workbench', bridge);
