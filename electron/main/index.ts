/**
 * Electron lifecycle only. Everything Loupe does lives in electron/core (plain Node);
 * this file wires it to a hardened window, two custom protocols and validated IPC.
 */
import { app, BrowserWindow, dialog, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../core';
import { registerSchemesAsPrivileged, handleProtocols } from './protocols';
import { hardenApp } from './security';
import { broadcastJobEvent, registerIpc } from './ipc';
import { createSecretStore } from './secret-store';
import { createMainWindow } from './window';

const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
if (process.env['LOUPE_DATA_DIR']) app.setPath('userData', process.env['LOUPE_DATA_DIR']);

registerSchemesAsPrivileged();
hardenApp(devServerUrl);

let core: Core | null = null;

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const nativeBinding = process.env['LOUPE_NATIVE_BINDING'];
  core = await createCore({
    dataDir,
    defaultOutputDir: process.env['LOUPE_OUTPUT_DIR'] ?? join(app.getPath('pictures'), 'Loupe'),
    secrets: createSecretStore(join(dataDir, 'api-key.bin')),
    env: process.env,
    host: 'electron',
    version: app.getVersion(),
    emit: broadcastJobEvent,
    nativeBinding: nativeBinding && existsSync(nativeBinding) ? nativeBinding : undefined,
    reveal: (path: string) => shell.showItemInFolder(path),
    chooseFolder: async () => {
      const win = BrowserWindow.getFocusedWindow();
      const options = { properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    chooseSaveFile: async (suggestedName: string) => {
      const win = BrowserWindow.getFocusedWindow();
      const options = { defaultPath: join(app.getPath('documents'), suggestedName), filters: [{ name: 'Loupe kit', extensions: ['loupe-kit'] }] };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  });
  handleProtocols(join(__dirname, '../renderer'), core);
  registerIpc(core, devServerUrl);
  createMainWindow(join(__dirname, '../preload'), devServerUrl);
}

app.whenReady().then(start).catch((err: unknown) => {
  dialog.showErrorBox('Loupe could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});

app.on('activate', () => {
  if (core && BrowserWindow.getAllWindows().length === 0) createMainWindow(join(__dirname, '../preload'), devServerUrl);
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => {
  void core?.close();
});
