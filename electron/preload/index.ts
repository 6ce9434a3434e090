/**
 * The renderer's only door to the main process: one named function per method of the
 * contract, an event subscription and an asset URL builder. No ipcRenderer, no generic
 * invoke.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ASSET_SCHEME, JOB_EVENT_CHANNEL, METHODS, type AssetVariant, type MethodName } from '../shared/channels';
import type { LoupeApi } from '../shared/contract';
import type { JobEvent } from '../shared/schemas';

const methods = Object.fromEntries(
  (Object.keys(METHODS) as MethodName[]).map((name) => [name, (args?: unknown) => ipcRenderer.invoke(METHODS[name], args ?? {})]),
) as Omit<LoupeApi, 'onJobEvent' | 'assetUrl'>;

const api: LoupeApi = {
  ...methods,
  onJobEvent(listener: (event: JobEvent) => void) {
    const wrapped = (_e: Electron.IpcRendererEvent, event: JobEvent): void => listener(event);
    ipcRenderer.on(JOB_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(JOB_EVENT_CHANNEL, wrapped);
    };
  },
  assetUrl(hash: string, variant: AssetVariant) {
    const host = variant === 'full' ? 'store' : variant;
    return /^[0-9a-f]{64}$/.test(hash) ? `${ASSET_SCHEME}://${host}/${hash}` : '';
  },
};

contextBridge.exposeInMainWorld('loupe', api);
