import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_SCHEME } from '../shared/channels';
import { APP_HOST } from './trusted-origin';

export function createMainWindow(preloadDir: string, devServerUrl: string | null): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: '#15171c',
    title: 'Loupe',
    icon: join(__dirname, '../../resources/icon.png'),
    webPreferences: {
      preload: join(preloadDir, 'index.cjs'),
      // Set explicitly although they are Electron's defaults: the renderer is untrusted.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click would otherwise open links as new windows without the click handlers seeing them.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devServerUrl ?? `${APP_SCHEME}://${APP_HOST}/index.html`);
  return win;
}
