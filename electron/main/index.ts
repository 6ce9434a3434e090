/**
 * Electron lifecycle only. Everything Loupe does lives in electron/core (plain Node);
 * this file wires it to a hardened window, two custom protocols and validated IPC.
 */
import { app, BrowserWindow, dialog, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { acquireDataLock, createCore, type Core, type DataLock } from '../core';
import { registerSchemesAsPrivileged, handleProtocols } from './protocols';
import { hardenApp } from './security';
import { broadcastJobEvent, registerIpc } from './ipc';
import { createSecretStore } from './secret-store';
import { createMainWindow } from './window';

const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
if (process.env['LOUPE_DATA_DIR']) app.setPath('userData', process.env['LOUPE_DATA_DIR']);

// A second launch hands over to the first (which comes to the front) and quits.
const firstInstance = app.requestSingleInstanceLock();
if (!firstInstance) app.quit();
app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
});

registerSchemesAsPrivileged();
hardenApp(devServerUrl);

let core: Core | null = null;
let dataLock: DataLock | null = null;

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  // Electron's lock is per user profile; this one is per data folder, and also holds
  // against the web host and the CLI (LOUPE_DATA_DIR can point them all at one folder).
  dataLock = await acquireDataLock(dataDir, 'electron');
  // Development only (scripts/start.mjs): in a packaged app an environment variable naming a
  // native library to load would undo what the fuses close (NODE_OPTIONS, RunAsNode).
  const nativeBinding = app.isPackaged ? undefined : process.env['LOUPE_NATIVE_BINDING'];
  core = await createCore({
    dataDir,
    defaultOutputDir: process.env['LOUPE_OUTPUT_DIR'] ?? join(app.getPath('pictures'), 'Loupe'),
    secrets: createSecretStore(join(dataDir, 'api-key.bin')),
    signerSecrets: createSecretStore(join(dataDir, 'signer.bin')),
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

if (firstInstance) app.whenReady().then(start).catch((err: unknown) => {
  dialog.showErrorBox('Loupe could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});

app.on('activate', () => {
  if (core && BrowserWindow.getAllWindows().length === 0) createMainWindow(join(__dirname, '../preload'), devServerUrl);
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
// Quitting waits for the core to close and the data folder's lock to go, so a Loupe
// started right after never finds this one's lock still there.
let closed = false;
app.on('will-quit', (event) => {
  if (closed) return;
  event.preventDefault();
  void (core?.close() ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => dataLock?.release())
    .finally(() => {
      closed = true;
      app.quit();
    });
});
