/**
 * Every channel of the contract is registered here through one wrapper: the sender must
 * be our app's main frame, and the arguments must parse with the channel's schema
 * (inside invokeHandler). Results cross as data, never as thrown errors.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
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
      return invokeHandler(core.handlers, channel, args);
    });
  }
}

export function broadcastJobEvent(event: JobEvent): void {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed()) win.webContents.send(JOB_EVENT_CHANNEL, event);
  }
}
