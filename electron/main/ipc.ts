/**
 * Every channel of the contract is registered here through one wrapper: the sender must
 * be our app's main frame, and the arguments must parse with the channel's schema
 * (inside invokeHandler). Results cross as data, never as thrown errors.
 */
import { BrowserWindow, ipcMain, nativeImage, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { CHANNEL_NAMES, JOB_EVENT_CHANNEL } from '../shared/channels';
import type { JobEvent, Result } from '../shared';
import { invokeHandler, type Core } from '../core';
import { isTrustedAppUrl } from './trusted-origin';

export function isTrustedSender(event: IpcMainInvokeEvent, devServerUrl: string | null): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isTrustedAppUrl(frame.url, devServerUrl);
}

export function registerIpc(core: Core, devServerUrl: string | null): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, args: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, devServerUrl)) {
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'This request did not come from Loupe.' } };
      }
      const result = await invokeHandler(core.handlers, channel, args);
      if (channel === 'outputs:start-drag' && result.ok) startNativeDrag(event, result.value);
      return result;
    });
  }
}

export function broadcastJobEvent(event: JobEvent): void {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed()) win.webContents.send(JOB_EVENT_CHANNEL, event);
  }
}

/** Drag out to the desktop: the core picked a real file; only this window may start the drag. */
function startNativeDrag(event: IpcMainInvokeEvent, value: unknown): void {
  const { path, iconPath } = value as { path: string; iconPath: string };
  // macOS refuses an empty drag icon: fall back to the app's own.
  let icon = nativeImage.createFromPath(iconPath);
  if (icon.isEmpty()) icon = nativeImage.createFromPath(join(__dirname, '../../resources/icon.png'));
  event.sender.startDrag({ file: path, icon: icon.resize({ width: 96 }) });
}
